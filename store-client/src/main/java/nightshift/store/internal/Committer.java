package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nightshift.store.spi.CommitHook;
import nightshift.store.TxInfo;

/**
 * Applies a session's staged writes (on the heap, or spilled to {@code ns_staged} and the session's
 * {@link SpillFile}) as one database transaction, by one of the commit paths: {@link ShortCommit} (under the commit
 * lock, in one round trip where it can: {@link OneRoundTripCommit}), {@link SpilledCommit} (written before the lock,
 * with a tid reserved ahead), or {@link HookOnlyCommit} (nothing to write). Holds the locks and the answer they share.
 */
final class Committer {
    /** pg_advisory_xact_lock(CLASS, COMMIT) is the commit lock; other nightshift locks use other keys. */
    static final int LOCK_CLASS = 0x6e73;
    static final int COMMIT_LOCK = 1;
    /** The commit lock, as a call. */
    static final String COMMIT_LOCK_CALL = "pg_advisory_xact_lock(" + LOCK_CLASS + ", " + COMMIT_LOCK + ")";
    /** Orders tid reservations ({@link SpilledCommit}); key 2 is the pack horizon's ({@link Snapshots#lockHorizon}). */
    static final String RESERVE_LOCK = "pg_advisory_xact_lock(" + LOCK_CLASS + ", 3)";
    /** Taken first by every commit that moves a node, so that two moves can never each make half of a cycle. */
    static final String MOVE_LOCK = "pg_advisory_xact_lock(" + LOCK_CLASS + ", 4)";

    /**
     * Why a commit could not be applied: the oids involved and what happened to them. {@code nameExisted} marks
     * a name that was already taken in the session's snapshot: the caller's mistake, not a race.
     */
    record Conflict(List<Long> oids, String reason, boolean nameExisted) {
        Conflict(List<Long> oids, String reason) {
            this(oids, reason, false);
        }
    }

    /** What {@link #commit} did: the new tid, or the conflict that stopped it (and nothing was written). */
    record Outcome(long tid, Conflict conflict) {
    }

    /**
     * What a commit's first statement starts with: a comment naming the store's size, as the power of two its newest
     * tid has reached. A prepared statement keeps its generic plan until its tables' next ANALYZE or VACUUM, and on a
     * young store autovacuum came a minute or more after the table had grown a thousandfold: a check planned on the
     * store's first rows hash-joined its array against every current version, and went on doing so, where probing
     * the index is all a commit needs: small commits slowed down by an order of magnitude. Another text is another prepared statement, planned on the table as it is now: a
     * connection so plans its commits' statements again each time the store's tid doubles, some 20 times in a store's
     * life. The snapshot registration that polls the object cache (sent with every run, under a generic plan) starts
     * with it too.
     */
    static String planGeneration(long tid) {
        return "/* store at 2^" + (63 - Long.numberOfLeadingZeros(Math.max(1, tid))) + " tids */ ";
    }

    private final Connection connection;

    Committer(Connection connection) {
        this.connection = connection;
    }

    /**
     * Commits the spilled staged set: {@code ns_staged}, and the new versions in {@code spilled}'s file, writing them
     * before taking the commit lock ({@link SpilledCommit}). {@code createdOnlyParents}, when not null, says that
     * every staged write creates a live node under one of those folders ({@link StagedWrites#createdOnlyParents}).
     */
    Outcome commit(StagedWrites spilled, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot,
            CommitHook hook, long[] createdOnlyParents) throws SQLException {
        return new SpilledCommit(connection, spilled, createdOnlyParents).commit(info, anyMoves, anyDeletes, snapshot, hook);
    }

    /** Commits {@code staged}, whose writes never left the heap, under the commit lock ({@link ShortCommit}). */
    Outcome commit(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot, CommitHook hook)
            throws SQLException {
        return new ShortCommit(connection).commit(staged, info, anyMoves, anyDeletes, snapshot, hook);
    }

    /** Runs a hook in a transaction of its own, for a commit that had nothing to write. */
    void hookOnly(CommitHook hook) throws SQLException {
        new HookOnlyCommit(connection).commit(hook);
    }
}
