package nightshift.store.internal;

/** Whether a session's staged writes move or delete any node: a commit then runs the checks those need. */
final class StagedKinds {
    boolean anyMoves;
    boolean anyDeletes;

    void clear() {
        anyMoves = false;
        anyDeletes = false;
    }
}
