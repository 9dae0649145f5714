package nightshift.store.catalog;

import java.util.List;

/**
 * One page of hits, and the tid the catalog of the searched subtree is indexed up to (0 if it was never
 * reindexed): changes committed after it may not be reflected yet.
 */
public record SearchResult(List<Hit> hits, long indexedTid, boolean more) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
