/** The store's implementation: JDBC, codec, cache and staging. May change without notice; use {@code nightshift.store}. */
package nightshift.store.internal;
