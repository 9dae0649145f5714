package nightshift.cron;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import nightshift.store.Store;

/** The database backends of runs and tests, and which of them waits for which: to interleave with real locks. */
final class Backends {
    private Backends() {
    }

    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The backend of a run's connection (the one that holds its lock and commits it). */
    static int ofRun(Store store, String runId) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT backend_pid FROM ns_run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no run " + runId);
                }
                return rs.getInt(1);
            }
        }
    }

    /** Waits until backend {@code pid} waits for a lock that backend {@code holder} holds. */
    static void awaitBlockedBy(Store store, int pid, int holder, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!blockedBy(store, pid, holder)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("backend " + pid + " did not come to wait for backend " + holder + " within "
                        + millis + " ms");
            }
            Thread.sleep(20);
        }
    }

    static boolean blockedBy(Store store, int pid, int holder) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ? = ANY (pg_blocking_pids(?))")) {
            ps.setInt(1, holder);
            ps.setInt(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
