package nightshift.store.catalog;

/** A stored type that describes itself to the catalog. */
public interface Indexable {
    IndexEntry indexEntry();
}
