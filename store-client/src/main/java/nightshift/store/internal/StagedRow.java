package nightshift.store.internal;

/**
 * A session's pending write of one node: its new version ({@code row}, whose tid is the version it was read from,
 * or 0 for a new node), and what kind of change it is. {@code inTemp} says an older staging of the same oid was
 * already spilled to the server and must be replaced there.
 */
record StagedRow(Row row, boolean deleted, boolean moved, boolean modified, boolean inTemp) {
    long oid() {
        return row.oid();
    }

    long baseTid() {
        return row.tid();
    }

    boolean isNew() {
        return row.tid() == 0;
    }

    StagedRow inTemp(boolean spilled) {
        return new StagedRow(row, deleted, moved, modified, spilled);
    }
}
