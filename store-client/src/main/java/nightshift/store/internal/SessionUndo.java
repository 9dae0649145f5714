package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.NoSuchNodeException;
import nightshift.store.NoSuchTransactionException;
import nightshift.store.Reversal;
import nightshift.store.UndoRefusedException;

/**
 * Undo of a committed transaction in a session ({@link nightshift.store.Session#revert}): refused whole if a later
 * transaction changed what it wrote, else the reverse of each of its writes staged as ordinary writes, so that the
 * ordinary commit and its conflict checks apply it.
 */
final class SessionUndo {
    /** Later versions of the nodes the transaction wrote, or new nodes inside folders it created. */
    private static final String TOUCHED_LATER = "SELECT DISTINCT w.oid FROM ns_object w WHERE (w.tid = ? OR w.end_tid = ?)"
            + " AND EXISTS (SELECT 1 FROM ns_object l WHERE l.oid = w.oid AND l.tid > ?) LIMIT 20";
    private static final String ADDED_INSIDE = "SELECT c.oid FROM ns_object p JOIN ns_object c ON c.parent_oid = p.oid"
            + " AND c.end_tid IS NULL AND c.tid > ? WHERE p.tid = ? AND p.end_tid IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM ns_object b WHERE b.oid = p.oid AND b.end_tid = ?) LIMIT 20";
    /**
     * Every version the transaction wrote or ended, copied aside (a temporary table of the session's connection) and
     * read by oid, the ended one (the one before) first.
     */
    private static final String REVERTING = "ns_reverting";
    private static final int REVERT_PAGE = 2_000;

    private final Connection connection;
    private final StagedWrites staged;
    private final SessionView view;
    private final StagedKinds kinds;

    SessionUndo(Connection connection, StagedWrites staged, SessionView view, StagedKinds kinds) {
        this.connection = connection;
        this.staged = staged;
        this.view = view;
        this.kinds = kinds;
    }

    /** Stages the reverse of transaction {@code tid}, or refuses it whole; the session is writable. */
    Reversal revert(long tid, Reversal.Listener listener) {
        return Jdbc.run("undoing tid " + tid, () -> {
            requireUnpacked(tid);
            if (!transactionExists(tid)) {
                throw new NoSuchTransactionException("there is no transaction " + tid + " in the store;"
                        + " see `nightshift history` for run tids");
            }
            List<Long> touched = oids(TOUCHED_LATER, tid, tid, tid);
            if (!touched.isEmpty()) {
                throw new UndoRefusedException("tid " + tid, currentPaths(touched), "later transactions changed");
            }
            List<Long> added = oids(ADDED_INSIDE, tid, tid, tid);
            if (!added.isEmpty()) {
                throw new UndoRefusedException("tid " + tid, currentPaths(added), "later transactions added, inside folders it created,");
            }
            return stageReversal(tid, listener);
        });
    }

    private void requireUnpacked(long tid) throws SQLException {
        long horizon = Snapshots.packHorizon(connection);
        if (tid <= horizon) {
            throw new NoSuchTransactionException("tid " + tid + " is older than the store's packed history (pack removed"
                    + " what it had replaced up to tid " + horizon + "); it can no longer be undone");
        }
    }

    private boolean transactionExists(long tid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM ns_tx WHERE tid = ? AND tid <= ?")) {
            ps.setLong(1, tid);
            ps.setLong(2, view.reader().snapshot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<Long> oids(String sql, long... tids) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < tids.length; i++) {
                ps.setLong(i + 1, tids[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                }
            }
        }
        return oids;
    }

    private List<String> currentPaths(List<Long> oids) {
        List<String> paths = view.pathsOf(oids);
        return paths.size() > 10 ? paths.subList(0, 10) : paths;
    }

    /** Streams the transaction's versions by oid and stages, per node, the opposite of what it did. */
    private Reversal stageReversal(long tid, Reversal.Listener listener) throws SQLException {
        Reverser reverser = new Reverser(tid, listener);
        // The transaction's versions are copied aside in one short transaction that holds the horizon lock, so a pack
        // that starts meanwhile waits, or recorded its horizon first and the check refuses. They are then read in
        // pages, each a statement of its own: staging the reversal may spill, and a spill fills the staged writes'
        // table outside any transaction.
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            Snapshots.lockHorizon(connection, false);
            requireUnpacked(tid);
            st.execute("DROP TABLE IF EXISTS pg_temp." + REVERTING);
            try (PreparedStatement ps = connection.prepareStatement("CREATE TEMPORARY TABLE " + REVERTING + " AS SELECT "
                    + SnapshotReader.COLUMNS + ", end_tid FROM ns_object WHERE tid = ? OR end_tid = ?")) {
                ps.setLong(1, tid);
                ps.setLong(2, tid);
                ps.execute();
            }
            st.execute("CREATE INDEX ON " + REVERTING + " (oid, tid)");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        try {
            long afterOid = -1;
            long afterTid = -1;
            for (int read = REVERT_PAGE; read == REVERT_PAGE; ) {
                read = 0;
                try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + REVERTING
                        + " WHERE (oid, tid) > (?, ?) ORDER BY oid, tid LIMIT " + REVERT_PAGE)) {
                    ps.setLong(1, afterOid);
                    ps.setLong(2, afterTid);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row row = SnapshotReader.read(rs);
                            afterOid = row.oid();
                            afterTid = row.tid();
                            read++;
                            reverser.accept(row);
                        }
                    }
                }
            }
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("DROP TABLE IF EXISTS pg_temp." + REVERTING);
            }
        }
        return reverser.finish();
    }

    /**
     * Pairs each node's versions (the one the transaction ended, then the one it wrote, either may be missing) and
     * stages the reverse: a version it wrote without one before is a node it created, one it ended without a new
     * one is a node it deleted.
     */
    private final class Reverser {
        private final long tid;
        private final Reversal.Listener listener;
        /** Staged nodes whose folder comes later in the stream: told of at the end, when their path is known. */
        private final List<Long> deferred = new ArrayList<>();
        private Row before;
        private long removed;
        private long restored;
        private long recreated;
        private long[] oids = new long[1024];
        private int n;

        Reverser(long tid, Reversal.Listener listener) {
            this.tid = tid;
            this.listener = listener;
        }

        private void tell(Row staged, boolean moved) throws SQLException {
            if (listener == Reversal.Listener.NONE) {
                return;
            }
            String path;
            try {
                path = view.pathOf(staged);
            } catch (NoSuchNodeException e) {
                deferred.add(staged.oid());
                return;
            }
            listener.restored(view.node(staged, path), moved);
        }

        void accept(Row row) throws SQLException {
            if (before != null && before.oid() != row.oid()) {
                recreate(before);
                before = null;
            }
            if (row.tid() != tid) {
                before = row;
                return;
            }
            if (before != null) {
                boolean moved = before.parentOid() != row.parentOid() || !before.name().equals(row.name());
                Row back = new Row(row.oid(), tid, before.parentOid(), before.name(), before.typeId(), before.owner(),
                        before.state());
                staged.put(new StagedRow(back, false, moved, true, false));
                kinds.anyMoves |= moved;
                restored++;
                before = null;
                tell(back, moved);
            } else {
                staged.put(new StagedRow(row, true, false, false, false));
                kinds.anyDeletes = true;
                removed++;
                listener.removed(row.oid());
            }
            record(row.oid());
        }

        private void recreate(Row old) throws SQLException {
            Row back = new Row(old.oid(), 0, old.parentOid(), old.name(), old.typeId(), old.owner(), old.state());
            staged.put(new StagedRow(back, false, false, true, false));
            tell(back, false);
            recreated++;
            record(old.oid());
        }

        private void record(long oid) {
            if (n == oids.length) {
                oids = java.util.Arrays.copyOf(oids, n * 2);
            }
            oids[n++] = oid;
        }

        Reversal finish() throws SQLException {
            if (before != null) {
                recreate(before);
            }
            for (long oid : deferred) {
                Row row = view.view(oid);
                listener.restored(view.node(row, view.pathOf(row)), true);
            }
            return new Reversal(tid, removed, restored, recreated, java.util.Arrays.copyOf(oids, n));
        }
    }
}
