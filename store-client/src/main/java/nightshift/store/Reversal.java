package nightshift.store;

/**
 * What {@link Session#revert} staged to undo transaction {@code tid}: nodes it created, now deleted again
 * ({@code removed}); nodes it changed or moved, given their previous versions back ({@code restored}); nodes it
 * deleted, brought back with their oids ({@code recreated}). {@code oids} lists every node involved, sorted.
 */
public record Reversal(long tid, long removed, long restored, long recreated, long[] oids) {
    /**
     * Told of each node as the undo stages it, so that what follows an undo (the catalog) need not look every node
     * up again: a node it keeps or brings back, as it will be ({@code moved}: its folder or name changes back), or
     * the oid of one it removes.
     */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void restored(Node node, boolean moved) {
            }

            @Override
            public void removed(long oid) {
            }
        };

        void restored(Node node, boolean moved);

        void removed(long oid);
    }

    public long nodes() {
        return removed + restored + recreated;
    }

    public String summary() {
        return "undo of tid " + tid + ": " + removed + " removed, " + restored + " restored, " + recreated + " recreated";
    }
}
