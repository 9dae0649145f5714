package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.spi.CommitHook;
import nightshift.store.TxInfo;

/**
 * The commit of a session whose writes never left the heap (a short commit): the commit lock, the checks, a tid from
 * the sequence, the writes and the COMMIT, in one round trip where it can ({@link OneRoundTripCommit}), else two. The
 * lock is held for this short transaction only, so tids become visible in order and a snapshot ("every tid up to S")
 * never changes under a reader.
 */
final class ShortCommit {
    /**
     * How long a short commit waits, under the commit lock, for a row lock or a name: only a long commit's writes can
     * hold one then (every other short commit waits for the lock), and waiting would keep every writer of the store
     * waiting with it. Past this it is a conflict.
     */
    static final String SHORT_LOCK_TIMEOUT = "50ms";

    // Also hands the tid to SQL for the rest of the transaction (ns_tid(), migration V8), for statements sent before
    // the client knows it. The result is a bigint, not set_config's text: the driver forces a round trip before a
    // statement whose result row it cannot bound, even in the middle of one multi-statement execute.
    static final String INSERT_TX = "INSERT INTO ns_tx (tid, user_name, job_name, run_id, host, note)"
            + " VALUES (nextval('ns_tid_seq'), ?, ?, ?, ?, ?) RETURNING set_config('nightshift.tid', tid::text, true)::bigint";
    private static final CommitHook.Statements NO_STATEMENTS = new CommitHook.Statements(List.of(), List.of());
    static final String LOCK = "SELECT " + Committer.COMMIT_LOCK_CALL + ", set_config('lock_timeout', '" + SHORT_LOCK_TIMEOUT
            + "', true)";
    /**
     * The lock, and generic plans for the checks after it. A check's custom plan knows its array's length, costs
     * less than the generic one for a short array, and so was chosen, and planned again, at every commit. The generic
     * plan probes the current versions' index once per element, which is also what a long array wants.
     */
    static final String LOCK_THEN_GENERIC_PLANS = LOCK + ", set_config('plan_cache_mode', 'force_generic_plan', true)";
    /** The refusal of a short commit whose tid reached a long commit's reservation (see {@link SpilledCommit}). */
    static final String RESERVED = "nightshift: a long commit reserved this tid";
    static final String NOT_RESERVED = "SELECT ns_require(NOT EXISTS (SELECT 1 FROM ns_tid_reservation"
            + " WHERE tid <= (SELECT ns_tid())), '" + RESERVED + "')";
    /**
     * After the store's own locks, checks and writes: the hook's statements (a run record) wait for locks as any
     * statement does, since what they wait for is theirs to judge.
     */
    static final String USUAL_LOCK_WAITS = "SET LOCAL lock_timeout TO DEFAULT";
    /** After the checks: the plans the connection had, for the writes and the hook's statements. */
    static final String USUAL_PLANS = "SET LOCAL plan_cache_mode TO DEFAULT";

    private final Connection connection;

    ShortCommit(Connection connection) {
        this.connection = connection;
    }

    /**
     * Commits {@code staged} (a short commit, under the commit lock). {@code snapshot} is the tid the session read at:
     * its registration is released with the COMMIT if the commit succeeds, and kept otherwise. A row or name a long
     * commit holds is a conflict; a tid a long commit reserved is waited for, and the commit made again.
     */
    Committer.Outcome commit(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot,
            CommitHook hook) throws SQLException {
        while (true) {
            try {
                return commitOnce(staged, info, anyMoves, anyDeletes, snapshot, hook);
            } catch (SQLException e) {
                Committer.Conflict held = CommitFailures.heldByAnother(e);
                if (held != null) {
                    return new Committer.Outcome(0, held);
                }
                if (!CommitFailures.reserved(e)) {
                    throw e;
                }
                awaitReservation();
            }
        }
    }

    private Committer.Outcome commitOnce(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes,
            long snapshot, CommitHook hook) throws SQLException {
        CommitHook.Statements statements = hook == CommitHook.NONE ? NO_STATEMENTS : hook.asStatements();
        if (statements != null) {
            if (!anyMoves && staged instanceof HeapStagedSet) {
                Committer.Outcome outcome = new OneRoundTripCommit(connection).commit(staged, info, anyDeletes, snapshot,
                        statements);
                if (outcome != null) {
                    return outcome;
                }
            }
            hook = CommitStatements.asHook(statements);
        }
        connection.setAutoCommit(false);
        boolean done = false;
        boolean nameClashed = false;
        try {
            staged.prepare();
            Committer.Outcome recorded = lockCheckAndRecord(staged, info, anyMoves, anyDeletes, snapshot);
            if (recorded.conflict() != null) {
                connection.rollback();
                done = true;
                return recorded;
            }
            long tid = recorded.tid();
            List<CommitHook.Statement> writes = new ArrayList<>(staged.writes(tid));
            writes.add(CommitHook.Statement.of(USUAL_LOCK_WAITS));
            PendingWrites pending = new PendingWrites(connection, writes);
            try {
                if (anyMoves) {
                    pending.sendNow();
                    Committer.Conflict conflict = staged.cycle();
                    if (conflict != null) {
                        connection.rollback();
                        done = true;
                        return new Committer.Outcome(0, conflict);
                    }
                }
                hook.inCommit(pending.connection(), tid);
                pending.rethrowFailure();
                // The old snapshot's registration is released with the COMMIT, in its round trip, rather than at the
                // session's next read or its close (a run closes it right away). A COMMIT sent as SQL leaves the
                // driver idle, so the autocommit switch below sends nothing more.
                List<CommitHook.Statement> last = new ArrayList<>(pending.unsent());
                last.addAll(hook.withCommit(tid));
                last.add(CommitHook.Statement.of("COMMIT"));
                last.add(CommitHook.Statement.of(Snapshots.RELEASE, Snapshots.key(snapshot)));
                last.addAll(hook.afterCommit(tid));
                CommitStatements.sendThroughCommit(connection, last);
            } catch (SQLException | RuntimeException e) {
                // the writes' own failure first: a hook that caught it may have failed on the aborted transaction
                if (pending.failure() == null && e instanceof RuntimeException r) {
                    throw r;
                }
                SQLException cause = pending.failure() != null ? pending.failure() : (SQLException) e;
                if (!CommitFailures.nameClash(cause)) {
                    throw CommitFailures.refusedOr(cause);
                }
                connection.rollback();
                nameClashed = true;
            }
            done = true;
            if (!nameClashed) {
                return new Committer.Outcome(tid, null);
            }
        } finally {
            if (!done) {
                CommitStatements.rollbackQuietly(connection);
            }
            connection.setAutoCommit(true);
        }
        // Which names clash, read outside any transaction: the staged set may fill its table to say.
        return new Committer.Outcome(0, staged.nameTaken(snapshot));
    }

    /**
     * Waits until the lowest reservation is published (its connection's lock released), and removes it if it is still
     * there: its process died.
     */
    private void awaitReservation() throws SQLException {
        Long lowest = null;
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(tid) FROM ns_tid_reservation")) {
            if (rs.next()) {
                long tid = rs.getLong(1);
                lowest = rs.wasNull() ? null : tid;
            }
        }
        if (lowest == null) {
            return;
        }
        long key = SpilledCommit.RESERVATION_BASE + lowest;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock_shared(?);"
                + " SELECT pg_advisory_unlock_shared(?); DELETE FROM ns_tid_reservation WHERE tid = ?")) {
            ps.setLong(1, key);
            ps.setLong(2, key);
            ps.setLong(3, lowest);
            ps.execute();
        }
    }

    /**
     * Takes the commit lock, runs the checks and records the transaction (the new tid), in one round trip: each
     * statement still takes its snapshot only when the one before it has run, so the checks see every commit made
     * before the lock. On a conflict the caller rolls the record back with the rest; its tid stays unused, as after
     * a name clash.
     */
    private Committer.Outcome lockCheckAndRecord(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes,
            long snapshot) throws SQLException {
        List<CommitCheck> checks = staged.checks(anyDeletes);
        boolean anySql = checks.stream().anyMatch(check -> check.sql() != null);
        StringBuilder sql = new StringBuilder(Committer.planGeneration(snapshot))
                .append(anyMoves ? "SELECT " + Committer.MOVE_LOCK + ";\n" : "")
                .append(anySql ? LOCK_THEN_GENERIC_PLANS : LOCK);
        for (CommitCheck check : checks) {
            if (check.sql() != null) {
                sql.append(";\n").append(check.sql());
            }
        }
        if (anySql) {
            sql.append(";\n").append(USUAL_PLANS);
        }
        sql.append(";\n").append(INSERT_TX).append(";\n").append(NOT_RESERVED);
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (CommitCheck check : checks) {
                for (Object value : check.parameters()) {
                    ps.setObject(p++, value);
                }
            }
            ps.setString(p++, info.user());
            ps.setString(p++, info.job());
            ps.setString(p++, info.runId());
            ps.setString(p++, info.host());
            ps.setString(p, info.note());
            ps.execute();
            if (anyMoves) {
                ps.getMoreResults(); // past the move lock
            }
            Committer.Conflict conflict = null;
            for (CommitCheck check : checks) {
                if (check.sql() == null) {
                    conflict = conflict != null ? conflict : check.reader().read(null);
                    continue;
                }
                ps.getMoreResults();
                try (ResultSet rs = ps.getResultSet()) {
                    conflict = conflict != null ? conflict : check.reader().read(rs);
                }
            }
            if (conflict != null) {
                return new Committer.Outcome(0, conflict);
            }
            if (anySql) {
                ps.getMoreResults(); // past USUAL_PLANS
            }
            ps.getMoreResults();
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                return new Committer.Outcome(rs.getLong(1), null);
            }
        }
    }
}
