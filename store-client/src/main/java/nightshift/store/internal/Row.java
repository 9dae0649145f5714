package nightshift.store.internal;

/**
 * One version of a node as stored, or as staged by a session. {@code parentOid} is {@link nightshift.store.Node#NO_PARENT}
 * for the root; {@code tid} is 0 for a node staged as new, else the version it was read from.
 */
record Row(long oid, long tid, long parentOid, String name, int typeId, String owner, byte[] state) {
    /** Rough heap footprint, for the cache's and the stage buffer's accounting. */
    int weight() {
        return 96 + name.length() * 2 + owner.length() * 2 + state.length;
    }
}
