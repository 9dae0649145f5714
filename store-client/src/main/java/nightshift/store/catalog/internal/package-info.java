/** The catalog's implementation: SQL, COPY, the client-side tsvector builder. May change without notice. */
package nightshift.store.catalog.internal;
