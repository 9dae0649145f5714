package nightshift.store.catalog;

import java.util.List;

/**
 * What a reindex did: nodes indexed, rows removed (vanished nodes), nodes whose state could not be decoded (their
 * paths, the first {@link Reindexer#MAX_REPORTED_PATHS}), whether it was a full rebuild, and the snapshot tid the
 * subtree is now indexed up to.
 */
public record ReindexReport(String path, boolean full, long indexed, long removed, long unreadable,
        List<String> unreadablePaths, long tid) {
    public ReindexReport {
        unreadablePaths = List.copyOf(unreadablePaths);
    }

    /** One line for a log or a transaction note. */
    public String summary() {
        return (full ? "full" : "incremental") + " reindex of " + path + " to tid " + tid + ": indexed " + indexed
                + ", removed " + removed + ", unreadable " + unreadable;
    }
}
