package nightshift.store.catalog;

/**
 * Describes objects of a type to the catalog, for types that do not (or cannot) implement {@link Indexable}.
 * Found through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/nightshift.store.catalog.Indexer}. The indexer of the most specific class wins;
 * {@link Indexable} wins over any indexer.
 */
public interface Indexer<T> {
    Class<T> type();

    IndexEntry entry(T object);
}
