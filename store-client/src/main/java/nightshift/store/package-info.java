/**
 * The object store's public API: {@link nightshift.store.Store}, {@link nightshift.store.Session},
 * {@link nightshift.store.Node}, the transaction record and the exceptions a caller can act on.
 * Everything under {@code nightshift.store.internal} may change without notice;
 * {@code nightshift.store.spi} holds what applications implement.
 */
package nightshift.store;
