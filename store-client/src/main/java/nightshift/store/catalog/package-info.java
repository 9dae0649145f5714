/**
 * The catalog: what a node says about itself for searching (title, text, dates, extra keys), kept in PostgreSQL
 * tables and queried with {@link nightshift.store.catalog.Catalog#search(nightshift.store.catalog.Query)}. Types
 * describe themselves by implementing {@link nightshift.store.catalog.Indexable}, or an
 * {@link nightshift.store.catalog.Indexer} is registered for them through {@link java.util.ServiceLoader}.
 * Ordinary writes never touch the catalog: a {@link nightshift.store.catalog.CatalogBatch} prepares index changes
 * and applies them inside a session's commit. {@code nightshift.store.catalog.internal} may change without notice.
 */
package nightshift.store.catalog;
