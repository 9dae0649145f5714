package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.TxInfo;
import nightshift.store.spi.CommitHook;

/**
 * The commit of a session that spilled (a long commit): its rows are written before the commit lock is taken, with a
 * tid reserved ahead, and published under the lock in a constant amount of work, so a long commit never makes the
 * store's other writers wait for it. See "Commits that do not wait for each other" in docs/architecture.md: the
 * reservation keeps tids visible in increasing order, row locks taken before the checks keep first-committer-wins.
 */
final class SpilledCommit {
    /** How far above the tids drawn so far a reservation is: short commits draw this many meanwhile without waiting. */
    static final long GAP = 65_536;
    /** The advisory key of a live reservation, held by the reserving connection: the single-bigint form, this base + tid. */
    static final long RESERVATION_BASE = 0x6e72L << 48;
    private static final String RESERVE = "INSERT INTO ns_tid_reservation (tid)"
            + " SELECT greatest((SELECT last_value FROM ns_tid_seq), (SELECT coalesce(max(tid), 0) FROM ns_tid_reservation)) + "
            + GAP + " RETURNING tid, pg_advisory_lock(" + RESERVATION_BASE + " + tid)";
    private static final String RECORD = "INSERT INTO ns_tx (tid, user_name, job_name, run_id, host, note)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING set_config('nightshift.tid', tid::text, true)";

    // A staged node whose parent is neither a live staged node nor a current node the session does not delete.
    private static final String ORPHANED = "SELECT s.oid, 'parent deleted' FROM ns_staged s"
            + " WHERE NOT s.deleted AND s.parent_oid IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM ns_staged p WHERE p.oid = s.parent_oid AND NOT p.deleted)"
            + " AND NOT EXISTS (SELECT 1 FROM ns_object o WHERE o.oid = s.parent_oid AND o.end_tid IS NULL"
            + "   AND NOT EXISTS (SELECT 1 FROM ns_staged d WHERE d.oid = o.oid))";
    // A node added (by someone else, after the snapshot) into a folder this session deletes.
    private static final String ADDED_UNDER_DELETED = "SELECT o.oid, 'added under deleted' FROM ns_object o"
            + " JOIN ns_staged d ON o.parent_oid = d.oid AND d.deleted AND d.base_tid <> 0"
            + " WHERE o.end_tid IS NULL AND NOT EXISTS (SELECT 1 FROM ns_staged s WHERE s.oid = o.oid)";
    private static final String CYCLE = "WITH RECURSIVE up(start, oid, depth) AS ("
            + " SELECT s.oid, s.parent_oid, 1 FROM ns_staged s WHERE s.moved AND NOT s.deleted"
            + " UNION ALL SELECT up.start, o.parent_oid, up.depth + 1 FROM up"
            + " JOIN ns_object o ON o.oid = up.oid AND o.end_tid IS NULL"
            + " WHERE up.oid <> up.start AND up.depth < 10000)"
            + " SELECT DISTINCT start, 'moved into itself' FROM up WHERE oid = start";

    private final Connection connection;
    private final StagedWrites spilled;
    private final long[] createdOnlyParents;

    /**
     * {@code createdOnlyParents}, when not null, says that every staged write creates a live node under one of those
     * folders (a bulk create): nothing is replaced, and the checks need only those folders.
     */
    SpilledCommit(Connection connection, StagedWrites spilled, long[] createdOnlyParents) {
        this.connection = connection;
        this.spilled = spilled;
        this.createdOnlyParents = createdOnlyParents;
    }

    Committer.Outcome commit(TxInfo info, boolean anyMoves, boolean anyDeletes, long snapshot, CommitHook hook)
            throws SQLException {
        boolean bulkCreate = createdOnlyParents != null && !anyMoves && !anyDeletes;
        if (!bulkCreate) {
            // The checks join the table: filled now, outside the commit's transaction, whose rollback would empty it.
            spilled.useTable();
        }
        CommitHook.Statements statements = hook == CommitHook.NONE ? null : hook.asStatements();
        CommitHook run = statements != null ? CommitStatements.asHook(statements) : hook;
        long tid = reserve();
        boolean published = false;
        connection.setAutoCommit(false);
        try {
            if (anyMoves) {
                execute("SELECT " + Committer.MOVE_LOCK);
            }
            Committer.Conflict conflict = bulkCreate ? lockFolders() : lockAndCheck(tid, anyDeletes);
            if (conflict != null) {
                return new Committer.Outcome(0, conflict);
            }
            record(info, tid);
            spilled.copyInto(connection, tid);
            if (anyMoves) {
                conflict = CommitCheck.run(connection, CommitCheck.ofRows(CYCLE));
                if (conflict != null) {
                    return new Committer.Outcome(0, conflict);
                }
            }
            run.inCommit(connection, tid);
            awaitEarlierReservations(tid);
            CommitStatements.sendThroughCommit(connection, publish(tid, snapshot, run));
            published = true;
            return new Committer.Outcome(tid, null);
        } catch (SQLException e) {
            if (CommitFailures.nameClash(e)) {
                CommitStatements.rollbackQuietly(connection);
                connection.setAutoCommit(true);
                return new Committer.Outcome(0, nameTaken(snapshot));
            }
            Committer.Conflict held = CommitFailures.heldByAnother(e);
            if (held != null) {
                return new Committer.Outcome(0, held);
            }
            throw CommitFailures.refusedOr(e);
        } finally {
            if (!published) {
                CommitStatements.rollbackQuietly(connection);
                connection.setAutoCommit(true);
                release(tid);
            } else {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Reserves a tid in a transaction of its own, and holds its advisory lock on this connection until it is published
     * or released: above every tid drawn so far and every reservation, by {@link #GAP}.
     */
    private long reserve() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT " + Committer.RESERVE_LOCK);
            long tid;
            try (ResultSet rs = st.executeQuery(RESERVE)) {
                rs.next();
                tid = rs.getLong(1);
            }
            connection.commit();
            return tid;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Gives a reservation up: after a conflict, a failure, or a rollback of any kind. */
    private void release(long tid) {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM ns_tid_reservation WHERE tid = ?; SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, tid);
            ps.setLong(2, RESERVATION_BASE + tid);
            ps.execute();
        } catch (SQLException e) {
            // the connection is gone, and its lock with it: the next commit that meets the row removes it
        }
    }

    /**
     * Waits until every reservation below this one has been published or given up, so that tids become visible in
     * increasing order. A row whose lock nobody holds any more was left by a process that died.
     */
    private void awaitEarlierReservations(long tid) throws SQLException {
        List<Long> earlier = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT tid FROM ns_tid_reservation WHERE tid < ? ORDER BY tid")) {
            ps.setLong(1, tid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    earlier.add(rs.getLong(1));
                }
            }
        }
        for (long other : earlier) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                ps.setLong(1, RESERVATION_BASE + other);
                ps.execute();
            }
        }
    }

    /**
     * Under the commit lock, a constant amount of work: the tid sequence moved up to this commit's tid (every later tid
     * is above it), the reservation (and any below it a dead process left) removed, the hook's statements, the
     * COMMIT, and after it the releases of the session's snapshot and of the reservation's lock.
     */
    private List<CommitHook.Statement> publish(long tid, long snapshot, CommitHook run) throws SQLException {
        List<CommitHook.Statement> last = new ArrayList<>();
        last.add(CommitHook.Statement.of("SELECT " + Committer.COMMIT_LOCK_CALL));
        last.add(CommitHook.Statement.of("SELECT setval('ns_tid_seq', ?) WHERE (SELECT last_value FROM ns_tid_seq) < ?", tid, tid));
        last.add(CommitHook.Statement.of("DELETE FROM ns_tid_reservation WHERE tid <= ?", tid));
        last.addAll(run.withCommit(tid));
        last.add(CommitHook.Statement.of("COMMIT"));
        last.add(CommitHook.Statement.of(Snapshots.RELEASE, Snapshots.key(snapshot)));
        last.add(CommitHook.Statement.of("SELECT pg_advisory_unlock(?)", RESERVATION_BASE + tid));
        last.addAll(run.afterCommit(tid));
        return last;
    }

    private void record(TxInfo info, long tid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
            ps.setLong(1, tid);
            ps.setString(2, info.user());
            ps.setString(3, info.job());
            ps.setString(4, info.runId());
            ps.setString(5, info.host());
            ps.setString(6, info.note());
            ps.executeQuery().close();
        }
    }

    /**
     * The row locks the checks rely on, then the checks. Versions this commit deletes are locked {@code FOR UPDATE},
     * so a commit adding into one of them waits for this one (and sees it); every version it replaces is ended with
     * this commit's tid only if it is still the one the session read, and fewer ended than staged is a conflict;
     * folders it writes into are locked {@code FOR KEY SHARE} and must still be current. Each check is a statement of
     * its own, so it sees every commit that finished while the locks were awaited.
     */
    private Committer.Conflict lockAndCheck(long tid, boolean anyDeletes) throws SQLException {
        try (Statement st = connection.createStatement()) {
            // Only the columns the checks join and filter on: sampling the states cost as much again.
            st.execute("ANALYZE ns_staged (oid, base_tid, parent_oid, name, deleted, moved)");
            st.execute("SELECT count(*) FROM (SELECT 1 FROM ns_object o JOIN ns_staged s ON s.oid = o.oid"
                    + " WHERE s.deleted AND s.base_tid <> 0 AND o.end_tid IS NULL ORDER BY o.oid FOR UPDATE OF o) l");
        }
        long replaced;
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_staged WHERE base_tid <> 0")) {
            rs.next();
            replaced = rs.getLong(1);
        }
        if (replaced > 0) {
            int ended;
            try (PreparedStatement ps = connection.prepareStatement("UPDATE ns_object o SET end_tid = ? FROM ns_staged s"
                    + " WHERE o.oid = s.oid AND s.base_tid <> 0 AND o.tid = s.base_tid AND o.end_tid IS NULL")) {
                ps.setLong(1, tid);
                ended = ps.executeUpdate();
            }
            if (ended < replaced) {
                return changed(tid);
            }
        }
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT count(*) FROM (SELECT 1 FROM ns_object o WHERE o.end_tid IS NULL AND o.oid IN"
                    + " (SELECT s.parent_oid FROM ns_staged s WHERE NOT s.deleted AND s.parent_oid IS NOT NULL)"
                    + " ORDER BY o.oid FOR KEY SHARE) l");
        }
        Committer.Conflict conflict = CommitCheck.run(connection, CommitCheck.ofRows(ORPHANED));
        if (conflict == null && anyDeletes) {
            conflict = CommitCheck.run(connection, CommitCheck.ofRows(ADDED_UNDER_DELETED));
        }
        return conflict;
    }

    /** The staged nodes whose version this commit could not end: someone changed or deleted it since the snapshot. */
    private Committer.Conflict changed(long tid) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT s.oid FROM ns_staged s WHERE s.base_tid <> 0"
                + " AND NOT EXISTS (SELECT 1 FROM ns_object o WHERE o.oid = s.oid AND o.tid = s.base_tid AND o.end_tid = ?)"
                + " ORDER BY s.oid LIMIT 100")) {
            ps.setLong(1, tid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                }
            }
        }
        return new Committer.Conflict(oids, CommitCheck.explain("changed"));
    }

    /**
     * A bulk create replaces nothing: its folders are locked {@code FOR KEY SHARE}, by index over the folders the
     * client collected, and must be current; the nodes in a missing one are then looked up (in the staged table, or in
     * the spill file when the creates never needed the table).
     */
    private Committer.Conflict lockFolders() throws SQLException {
        java.sql.Array parents = connection.createArrayOf("bigint",
                java.util.Arrays.stream(createdOnlyParents).boxed().toArray());
        List<Long> current = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT oid FROM ns_object WHERE oid = ANY(?)"
                + " AND end_tid IS NULL ORDER BY oid FOR KEY SHARE")) {
            ps.setArray(1, parents);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.add(rs.getLong(1));
                }
            }
        }
        List<Long> missing = new ArrayList<>();
        for (long p : createdOnlyParents) {
            if (!current.contains(p) && !staged(p)) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        boolean inTable = spilled.tableInUse();
        List<Long> oids = inTable ? new ArrayList<>() : spilled.createdInFileUnder(missing, 100);
        if (inTable) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT oid FROM ns_staged WHERE parent_oid = ANY (?) ORDER BY oid LIMIT 100")) {
                ps.setArray(1, connection.createArrayOf("bigint", missing.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        oids.add(rs.getLong(1));
                    }
                }
            }
        }
        return oids.isEmpty() ? null : new Committer.Conflict(oids, CommitCheck.explain("parent deleted"));
    }

    /** Whether a folder is one this session creates (it is then in the staged table, or in the spill file). */
    private boolean staged(long oid) throws SQLException {
        if (!spilled.tableInUse()) {
            return spilled.createdInFile(oid);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM ns_staged WHERE oid = ? AND NOT deleted")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * After a unique-name violation the transaction is aborted, so the clashing names are found in a fresh statement
     * after rollback: staged live nodes whose name is held by another current node.
     */
    private Committer.Conflict nameTaken(long snapshot) throws SQLException {
        spilled.useTable();
        List<Long> existed = new ArrayList<>();
        List<Long> raced = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT s.oid, o.tid <= ? FROM ns_staged s JOIN ns_object o ON o.parent_oid = s.parent_oid"
                        + " AND o.name = s.name AND o.end_tid IS NULL AND o.oid <> s.oid"
                        + " WHERE NOT s.deleted AND NOT EXISTS (SELECT 1 FROM ns_staged x WHERE x.oid = o.oid) LIMIT 100")) {
            ps.setLong(1, snapshot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? existed : raced).add(rs.getLong(1));
                }
            }
        }
        if (!existed.isEmpty()) {
            return new Committer.Conflict(existed, "name already taken", true);
        }
        return new Committer.Conflict(raced, "name already taken by a concurrent commit");
    }
}
