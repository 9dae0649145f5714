package nightshift.store;

/**
 * What {@link Session#revert} staged to undo transaction {@code tid}: nodes it created, now deleted again
 * ({@code removed}); nodes it changed or moved, given their previous versions back ({@code restored}); nodes it
 * deleted, brought back with their oids ({@code recreated}). {@code oids} lists every node involved, sorted.
 */
public record Reversal(long tid, long removed, long restored, long recreated, long[] oids) {
    public long nodes() {
        return removed + restored + recreated;
    }

    public String summary() {
        return "undo of tid " + tid + ": " + removed + " removed, " + restored + " restored, " + recreated + " recreated";
    }
}
