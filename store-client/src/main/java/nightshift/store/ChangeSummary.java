package nightshift.store;

/** Counts of what a session has staged. */
public record ChangeSummary(long created, long modified, long deleted, long moved) {
    public long total() {
        return created + modified + deleted + moved;
    }
}
