package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.CommitRefusedException;
import nightshift.store.TxInfo;
import nightshift.store.spi.CommitHook;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a session's staged writes (on the heap, or spilled to {@code ns_staged} and the session's
 * {@link SpillFile}) as one database transaction: take the store's commit lock, check for conflicts, take a tid,
 * record the transaction, end the old versions, insert the new ones. Commits are serialized by the lock, held only
 * for this short transaction, so tids become visible in order and a snapshot ("every tid up to S") never changes
 * under a reader.
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
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
     * How long a short commit waits, under the commit lock, for a row lock or a name: only a long commit's writes can
     * hold one then (every other short commit waits for the lock), and waiting would keep every writer of the store
     * waiting with it. Past this it is a conflict.
     */
    static final String SHORT_LOCK_TIMEOUT = "50ms";
    /** The SQLSTATE of a hook's refusal raised by {@code ns_require} (migration V7). */
    static final String REFUSED = "NS001";

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

    // Also hands the tid to SQL for the rest of the transaction (ns_tid(), migration V8), for statements sent before
    // the client knows it. The result is a bigint, not set_config's text: the driver forces a round trip before a
    // statement whose result row it cannot bound, even in the middle of one multi-statement execute.
    private static final String INSERT_TX = "INSERT INTO ns_tx (tid, user_name, job_name, run_id, host, note)"
            + " VALUES (nextval('ns_tid_seq'), ?, ?, ?, ?, ?) RETURNING set_config('nightshift.tid', tid::text, true)::bigint";
    private static final CommitHook.Statements NO_STATEMENTS = new CommitHook.Statements(List.of(), List.of());
    private static final String LOCK = "SELECT " + COMMIT_LOCK_CALL + ", set_config('lock_timeout', '" + SHORT_LOCK_TIMEOUT
            + "', true)";
    /**
     * The lock, and generic plans for the checks after it. A check's custom plan knows its array's length, costs
     * less than the generic one for a short array, and so was chosen, and planned again, at every commit: 0.12 ms of
     * the server's 1.9 ms in a run of 100 creates ({@code pg_stat_statements}). The generic plan probes the current
     * versions' index once per element, which is also what a long array wants.
     */
    private static final String LOCK_THEN_GENERIC_PLANS = LOCK + ", set_config('plan_cache_mode', 'force_generic_plan', true)";
    /** The refusal of a short commit whose tid reached a long commit's reservation (see {@link SpilledCommit}). */
    private static final String RESERVED = "nightshift: a long commit reserved this tid";
    private static final String NOT_RESERVED = "SELECT ns_require(NOT EXISTS (SELECT 1 FROM ns_tid_reservation"
            + " WHERE tid <= (SELECT ns_tid())), '" + RESERVED + "')";
    /**
     * After the store's own locks, checks and writes: the hook's statements (a run record) wait for locks as any
     * statement does, since what they wait for is theirs to judge.
     */
    private static final String USUAL_LOCK_WAITS = "SET LOCAL lock_timeout TO DEFAULT";
    /** After the checks: the plans the connection had, for the writes and the hook's statements. */
    private static final String USUAL_PLANS = "SET LOCAL plan_cache_mode TO DEFAULT";
    /** The refusal a check raises in a one-round-trip commit: a conflict, to be found again the usual way. */
    private static final String CONFLICT = "nightshift: a conflict check failed";

    /**
     * What a commit's first statement starts with: a comment naming the store's size, as the power of two its newest
     * tid has reached. A prepared statement keeps its generic plan until its tables' next ANALYZE or VACUUM, and on a
     * young store autovacuum came a minute or more after the table had grown a thousandfold: a check planned on the
     * store's first rows hash-joined its array against every current version, and went on doing so (12 ms a commit
     * on average, 182 ms at worst, where probing the index takes 0.02 ms; the bench's runs of 100 creates fell from
     * 38,000 to 1,700 documents/s). Another text is another prepared statement, planned on the table as it is now: a
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
     * A conflict check run right after the commit lock: its statement and parameters, and how its rows read as a
     * conflict (null for none). A check whose answer the client already knows has no statement ({@link #known}).
     */
    record Check(String sql, List<Object> parameters, ConflictReader reader) {
        static Check known(Conflict conflict) {
            return new Check(null, List.of(), rs -> conflict);
        }

        /**
         * Row locks the checks after it rely on, taken under the commit's {@code lock_timeout}: a statement whose one
         * row says nothing, so it finds no conflict of its own.
         */
        static Check locking(String sql, List<Object> parameters) {
            return new Check("SELECT count(*) FROM (" + sql + ") locked", parameters, rs -> null);
        }

        boolean locks() {
            return sql != null && sql.endsWith(") locked");
        }
    }

    @FunctionalInterface
    interface ConflictReader {
        /** Reads the check's rows ({@code rs} is null for a {@link Check#known} check); may run statements of its own. */
        Conflict read(ResultSet rs) throws SQLException;
    }

    /**
     * The statements of a short commit over its staged set ({@link HeapStagedSet}); a session that spilled commits
     * through {@link SpilledCommit} instead.
     */
    interface StagedSet {
        /** Before the lock: whatever makes the statements below cheap. */
        void prepare() throws SQLException;

        /**
         * The checks, in the order their conflicts are reported: a staged node whose current version is not the one
         * the session read; a staged live node whose folder is neither staged live nor current and untouched by the
         * session; and, when the session deletes, a node someone else added into a folder it deletes.
         */
        List<Check> checks(boolean anyDeletes) throws SQLException;

        /**
         * The statements that end the current version of every staged node that already existed, then insert the new
         * version of every staged live node: sent later, with the hook's first statement or the COMMIT.
         */
        List<CommitHook.Statement> writes(long tid) throws SQLException;

        /** A moved folder that ended up inside itself (after the insert). */
        Conflict cycle() throws SQLException;

        /** After a unique-name violation and rollback: the staged nodes whose name is taken, and by whom. */
        Conflict nameTaken(long snapshot) throws SQLException;
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

    /**
     * Commits {@code staged} (a short commit, under the commit lock). {@code snapshot} is the tid the session read at:
     * its registration is released with the COMMIT if the commit succeeds, and kept otherwise. A row or name a long
     * commit holds is a conflict; a tid a long commit reserved is waited for, and the commit made again.
     */
    Outcome commit(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot, CommitHook hook)
            throws SQLException {
        while (true) {
            try {
                return commitOnce(staged, info, anyMoves, anyDeletes, snapshot, hook);
            } catch (SQLException e) {
                Conflict held = heldByAnother(e);
                if (held != null) {
                    return new Outcome(0, held);
                }
                if (!reserved(e)) {
                    throw e;
                }
                awaitReservation();
            }
        }
    }

    private Outcome commitOnce(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot,
            CommitHook hook) throws SQLException {
        CommitHook.Statements statements = hook == CommitHook.NONE ? NO_STATEMENTS : hook.asStatements();
        if (statements != null) {
            if (!anyMoves && staged instanceof HeapStagedSet) {
                Outcome outcome = inOneRoundTrip(staged, info, anyDeletes, snapshot, statements);
                if (outcome != null) {
                    return outcome;
                }
            }
            hook = asHook(statements);
        }
        connection.setAutoCommit(false);
        boolean done = false;
        boolean nameClashed = false;
        try {
            staged.prepare();
            Outcome recorded = lockCheckAndRecord(staged, info, anyMoves, anyDeletes, snapshot);
            if (recorded.conflict() != null) {
                connection.rollback();
                done = true;
                return recorded;
            }
            long tid = recorded.tid();
            List<CommitHook.Statement> writes = new ArrayList<>(staged.writes(tid));
            writes.add(CommitHook.Statement.of(USUAL_LOCK_WAITS));
            PendingWrites pending = new PendingWrites(writes);
            try {
                if (anyMoves) {
                    pending.sendNow();
                    Conflict conflict = staged.cycle();
                    if (conflict != null) {
                        connection.rollback();
                        done = true;
                        return new Outcome(0, conflict);
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
                sendThroughCommit(last);
            } catch (SQLException | RuntimeException e) {
                // the writes' own failure first: a hook that caught it may have failed on the aborted transaction
                if (pending.failure == null && e instanceof RuntimeException r) {
                    throw r;
                }
                SQLException cause = pending.failure != null ? pending.failure : (SQLException) e;
                if (!nameClash(cause)) {
                    throw refusedOr(cause);
                }
                connection.rollback();
                nameClashed = true;
            }
            done = true;
            if (!nameClashed) {
                return new Outcome(tid, null);
            }
        } finally {
            if (!done) {
                rollbackQuietly();
            }
            connection.setAutoCommit(true);
        }
        // Which names clash, read outside any transaction: the staged set may fill its table to say.
        return new Outcome(0, staged.nameTaken(snapshot));
    }

    /**
     * The whole commit in one round trip, for a session whose writes never left the heap and a hook of statements
     * only ({@link CommitHook#asStatements}): the lock, each check raising on a conflict instead of returning rows,
     * the {@code ns_tx} row, the writes and the hook's statements (both naming the tid as {@code ns_tid()}), the
     * COMMIT, the snapshot's release and the hook's statements after it. A conflict rolls it back and returns null:
     * the caller then commits the usual way, whose checks say which nodes conflict and why. Conflicts are rare in
     * the cron runs this is for; a round trip is not (a third of a run of 100 creates was round trips).
     */
    private Outcome inOneRoundTrip(StagedSet staged, TxInfo info, boolean anyDeletes, long snapshot,
            CommitHook.Statements hook) throws SQLException {
        List<Check> checks = staged.checks(anyDeletes);
        for (Check check : checks) {
            if (check.sql() == null) {
                return null; // a conflict the client already knows
            }
        }
        List<CommitHook.Statement> all = new ArrayList<>();
        all.add(CommitHook.Statement.of(planGeneration(snapshot) + (checks.isEmpty() ? LOCK : LOCK_THEN_GENERIC_PLANS)));
        for (Check check : checks) {
            all.add(check.locks() ? new CommitHook.Statement(check.sql(), check.parameters())
                    : new CommitHook.Statement("SELECT ns_require(NOT EXISTS (" + check.sql() + "), '" + CONFLICT + "')",
                            check.parameters()));
        }
        if (!checks.isEmpty()) {
            all.add(CommitHook.Statement.of(USUAL_PLANS));
        }
        int recorded = all.size();
        all.add(CommitHook.Statement.of(INSERT_TX, info.user(), info.job(), info.runId(), info.host(), info.note()));
        all.add(CommitHook.Statement.of(NOT_RESERVED));
        all.addAll(staged.writes(0));
        all.add(CommitHook.Statement.of(USUAL_LOCK_WAITS));
        all.addAll(hook.withCommit());
        all.add(CommitHook.Statement.of("COMMIT"));
        all.add(CommitHook.Statement.of(Snapshots.RELEASE, Snapshots.key(snapshot)));
        all.addAll(hook.afterCommit());
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            long tid;
            try {
                tid = sendReading(all, recorded);
            } catch (SQLException e) {
                if (!committed()) {
                    rollbackQuietly(); // a broken connection must not hide why the commit failed
                    done = true;
                    if (REFUSED.equals(e.getSQLState()) && CONFLICT.equals(serverMessage(e))) {
                        return null;
                    }
                    if (nameClash(e)) {
                        return new Outcome(0, staged.nameTaken(snapshot));
                    }
                    throw refusedOr(e);
                }
                LOG.warn("committed, but a statement sent after the COMMIT failed: {}", e.getMessage());
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT currval('ns_tid_seq')")) {
                    rs.next();
                    tid = rs.getLong(1);
                }
            }
            done = true;
            return new Outcome(tid, null);
        } finally {
            if (!done) {
                rollbackQuietly();
            }
            connection.setAutoCommit(true);
        }
    }

    void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is already broken; the server rolls the transaction back on its own
        }
    }

    /** A hook of statements as a hook of the usual three methods. */
    static CommitHook asHook(CommitHook.Statements statements) {
        return new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) {
                // statements only
            }

            @Override
            public List<Statement> withCommit(long tid) {
                return statements.withCommit();
            }

            @Override
            public List<Statement> afterCommit(long tid) {
                return statements.afterCommit();
            }
        };
    }

    /** Whether the COMMIT already ran: the driver is then idle, not in a (failed) transaction. */
    private boolean committed() throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    }

    static boolean nameClash(SQLException e) {
        return "23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("ns_object_current_name");
    }

    static String serverMessage(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
    }

    /** Sends the statements in one round trip, as {@link #send}, and reads the first column of statement {@code index}'s row. */
    private long sendReading(List<CommitHook.Statement> statements, int index) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statements)) {
            ps.execute();
            for (int i = 0; i < index; i++) {
                ps.getMoreResults();
            }
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * A row lock or a name this commit waited for too long (a long commit's, see {@link #SHORT_LOCK_TIMEOUT}), or a
     * deadlock between two commits' row locks, as a conflict; null for any other error.
     */
    static Conflict heldByAnother(SQLException e) {
        String state = e.getSQLState();
        if ("55P03".equals(state) || "40P01".equals(state)) {
            return new Conflict(List.of(), "another commit in progress holds a node, folder or name this one writes");
        }
        return null;
    }

    private static boolean reserved(SQLException e) {
        return REFUSED.equals(e.getSQLState()) && RESERVED.equals(serverMessage(e));
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

    /** A hook's refusal from SQL ({@code ns_require}) as the store's exception; any other error as it is. */
    static SQLException refusedOr(SQLException e) {
        if (REFUSED.equals(e.getSQLState()) && !reserved(e)) {
            throw new CommitRefusedException(serverMessage(e), e);
        }
        return e;
    }

    /**
     * Sends statements that include the COMMIT. An error after it (releasing a registration or a hook's lock) leaves
     * the transaction committed: the driver is then idle, not in a transaction, and the error is only logged.
     */
    void sendThroughCommit(List<CommitHook.Statement> statements) throws SQLException {
        try {
            send(connection, statements);
        } catch (SQLException e) {
            if (connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                throw e;
            }
            LOG.warn("committed, but a statement sent after the COMMIT failed: {}", e.getMessage());
        }
    }

    /** Sends the statements in one round trip; the first error stops them, and the server skips the rest. */
    static void send(Connection connection, List<CommitHook.Statement> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = prepare(connection, statements)) {
            ps.execute();
        }
    }

    private static PreparedStatement prepare(Connection connection, List<CommitHook.Statement> statements)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (CommitHook.Statement statement : statements) {
            sql.append(sql.length() == 0 ? "" : ";\n").append(statement.sql());
        }
        PreparedStatement ps = connection.prepareStatement(sql.toString());
        try {
            int p = 1;
            for (CommitHook.Statement statement : statements) {
                for (Object value : statement.parameters()) {
                    ps.setObject(p++, value);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * The session's writes, held back until the hook sends its first statement (through {@link #connection}) or else
     * sent with the COMMIT: a hook that only returns {@link CommitHook#withCommit} statements then costs no round
     * trip at all. A failure of the writes is kept, so that a hook that catches it cannot hide it.
     */
    private final class PendingWrites {
        private final List<CommitHook.Statement> writes;
        private boolean sent;
        private SQLException failure;

        PendingWrites(List<CommitHook.Statement> writes) {
            this.writes = writes;
        }

        Connection connection() {
            return InterceptedConnection.wrap(connection, this::sendNow, java.util.Set.of());
        }

        void sendNow() throws SQLException {
            if (sent) {
                return;
            }
            sent = true;
            try {
                send(connection, writes);
            } catch (SQLException e) {
                failure = e;
                throw e;
            }
        }

        void rethrowFailure() throws SQLException {
            if (failure != null) {
                throw failure;
            }
        }

        List<CommitHook.Statement> unsent() {
            return sent ? List.of() : writes;
        }
    }

    /**
     * Takes the commit lock, runs the checks and records the transaction (the new tid), in one round trip: each
     * statement still takes its snapshot only when the one before it has run, so the checks see every commit made
     * before the lock. On a conflict the caller rolls the record back with the rest; its tid stays unused, as after
     * a name clash.
     */
    private Outcome lockCheckAndRecord(StagedSet staged, TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot)
            throws SQLException {
        List<Check> checks = staged.checks(anyDeletes);
        boolean anySql = checks.stream().anyMatch(check -> check.sql() != null);
        StringBuilder sql = new StringBuilder(planGeneration(snapshot)).append(anyMoves ? "SELECT " + MOVE_LOCK + ";\n" : "")
                .append(anySql ? LOCK_THEN_GENERIC_PLANS : LOCK);
        for (Check check : checks) {
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
            for (Check check : checks) {
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
            Conflict conflict = null;
            for (Check check : checks) {
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
                return new Outcome(0, conflict);
            }
            if (anySql) {
                ps.getMoreResults(); // past USUAL_PLANS
            }
            ps.getMoreResults();
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                return new Outcome(rs.getLong(1), null);
            }
        }
    }

    /** Runs a hook in a transaction of its own, for a commit that had nothing to write. */
    void hookOnly(CommitHook hook) throws SQLException {
        CommitHook.Statements statements = hook.asStatements();
        if (statements != null) {
            hook = asHook(statements);
        }
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            hook.inCommit(connection, 0);
            List<CommitHook.Statement> last = new ArrayList<>(hook.withCommit(0));
            last.add(CommitHook.Statement.of("COMMIT"));
            last.addAll(hook.afterCommit(0));
            try {
                sendThroughCommit(last);
            } catch (SQLException e) {
                throw refusedOr(e);
            }
            done = true;
        } finally {
            if (!done) {
                rollbackQuietly();
            }
            connection.setAutoCommit(true);
        }
    }

    /** A check over the temporary table whose rows are (oid, reason). */
    static Check check(String sql) {
        return new Check(sql + " LIMIT 100", List.of(), rs -> {
            List<Long> oids = new ArrayList<>();
            String reason = null;
            while (rs.next()) {
                oids.add(rs.getLong(1));
                reason = rs.getString(2);
            }
            return oids.isEmpty() ? null : new Conflict(oids, explain(reason));
        });
    }

    /** Runs one check on its own (a check after the insert, outside the first round trip). */
    static Conflict run(Connection connection, Check check) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(check.sql())) {
            int p = 1;
            for (Object value : check.parameters()) {
                ps.setObject(p++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return check.reader().read(rs);
            }
        }
    }

    static String explain(String reason) {
        switch (reason) {
            case "changed":
                return "changed or deleted by another transaction since this session's snapshot";
            case "parent deleted":
                return "its folder was deleted by another transaction";
            case "added under deleted":
                return "added by another transaction inside a folder this session deletes";
            default:
                return "moving it would put a folder inside itself (another transaction moved its new parent)";
        }
    }
}
