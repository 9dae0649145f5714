package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nightshift.jobs.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the run records say about one firing (every run whose id is the firing's key, or the key and
 * {@code /N}), and the run id its next attempt takes. This is the exactly-once check: a firing that committed is
 * never run again, and a recovered firing first takes over every attempt that still looks RUNNING (a node that
 * stopped answering but may come back), so that attempt's commit, which needs its record to be RUNNING, is
 * refused; only then does it read what the attempts did.
 */
public final class FiringRecords {
    /** How long a recovering node waits for the backend of an attempt it took over to go, and its job lock with it. */
    static final Duration BACKEND_EXIT_WAIT = Duration.ofSeconds(5);
    private static final String TAKEN_OVER = "taken over by scheduler node ";
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");

    private FiringRecords() {
    }

    /** A previous attempt of the firing. */
    public record Attempt(String runId, RunStatus status, String startedBy, Instant finishedAt) {
    }

    /** What to do with a firing: run it with {@code runId}, or nothing (then {@code reason} says why). */
    public record Decision(String runId, String reason) {
        public boolean run() {
            return runId != null;
        }
    }

    /**
     * The fence comes before the read. Under READ COMMITTED the fence's update waits for a commit that holds an
     * attempt's record, then checks the record again: it takes over only an attempt still RUNNING once that commit is
     * over. An attempt that committed meanwhile is SUCCEEDED in the read that follows, and the firing is skipped. Read
     * first, an attempt could commit between the read and the fence and the firing would run twice.
     */
    public static Decision decide(Connection c, String key, boolean recovering, String node, Instant now) throws SQLException {
        if (recovering) {
            for (TakenOver t : takeOver(c, key, node, now)) {
                LOG.warn("firing {}: node {} took over run {} ({}), which was still RUNNING; it can no longer commit",
                        key, node, t.runId(), t.startedBy());
                closeConnection(c, t);
            }
        }
        List<Attempt> attempts = attempts(c, key);
        for (Attempt a : attempts) {
            if (a.status() == RunStatus.SUCCEEDED) {
                return new Decision(null, "run " + a.runId() + " (" + a.startedBy() + ") already committed it at "
                        + a.finishedAt() + "; not run again");
            }
        }
        if (!attempts.isEmpty() && !recovering) {
            Attempt a = attempts.get(attempts.size() - 1);
            return new Decision(null, "run " + a.runId() + " (" + a.startedBy() + ") already handled it: " + a.status());
        }
        return new Decision(attempts.isEmpty() ? key : key + "/" + (attempts.size() + 1), null);
    }

    static List<Attempt> attempts(Connection c, String key) throws SQLException {
        List<Attempt> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, status, started_by, finished_at FROM ns_run"
                + " WHERE run_id = ? OR (left(run_id, ?) = ? || '/') ORDER BY started_at")) {
            ps.setString(1, key);
            ps.setInt(2, key.length() + 1);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(4);
                    found.add(new Attempt(rs.getString(1), RunStatus.valueOf(rs.getString(2)), rs.getString(3),
                            finished == null ? null : finished.toInstant()));
                }
            }
        }
        return found;
    }

    /** The error of a run another node took over (it is ABANDONED, and the fence said why), or null. */
    public static String takenOver(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT error FROM ns_run WHERE run_id = ? AND status = 'ABANDONED'"
                + " AND left(error, length(?)) = ?")) {
            ps.setString(1, runId);
            ps.setString(2, TAKEN_OVER);
            ps.setString(3, TAKEN_OVER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Ends a run the scheduler aborted (stopping, grace period over), if it is still RUNNING. */
    public static void aborted(Connection c, String runId, String reason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ns_run SET status = 'ABANDONED', finished_at = ?,"
                + " error = ? WHERE run_id = ? AND status = 'RUNNING'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, reason);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /** An attempt this node took over, and the backend of its run's connection. */
    private record TakenOver(String runId, String startedBy, int backendPid, Timestamp backendStart) {
    }

    /**
     * The fence: every attempt of the firing still RUNNING is marked ABANDONED, so its commit (which needs RUNNING)
     * is refused. Returns the attempts it changed; one whose commit landed first is SUCCEEDED and not among them.
     */
    private static List<TakenOver> takeOver(Connection c, String key, String node, Instant now) throws SQLException {
        List<TakenOver> taken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE ns_run SET status = 'ABANDONED', finished_at = ?,"
                + " error = ? WHERE (run_id = ? OR left(run_id, ?) = ? || '/') AND status = 'RUNNING'"
                + " RETURNING run_id, started_by, backend_pid, backend_start")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, TAKEN_OVER + node + " after its node left the cluster; nothing of it was committed");
            ps.setString(3, key);
            ps.setInt(4, key.length() + 1);
            ps.setString(5, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(new TakenOver(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4)));
                }
            }
        }
        return taken;
    }

    /**
     * Ends the database backend of an attempt taken over, if it is still there: a node that stopped answering
     * (stopped, frozen, cut off) keeps its connection, and with it the job's lock, which would make the recovered
     * attempt skip. The attempt can no longer commit in any case; this only frees its lock. The backend is known by
     * its pid and start time, so a pid used again by another backend is left alone. Without the right to end it (a
     * role that is neither the same nor granted pg_signal_backend) the recovered attempt may be skipped by the lock.
     */
    private static void closeConnection(Connection c, TakenOver t) throws SQLException {
        if (t.backendStart() == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(a.pid) FROM"
                + " pg_stat_get_activity(?) a WHERE a.backend_start = ?")) {
            ps.setInt(1, t.backendPid());
            ps.setTimestamp(2, t.backendStart());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // its process is gone, and its connection with it
                }
            }
        } catch (SQLException e) {
            LOG.warn("cannot close the connection of run {} (backend {}): {}; while it stays open the job's lock stays"
                    + " held and the recovered attempt may be skipped", t.runId(), t.backendPid(), oneLine(e));
            return;
        }
        long deadline = System.nanoTime() + BACKEND_EXIT_WAIT.toNanos();
        while (backendAlive(c, t)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("the connection of run {} (backend {}) did not close within {}; the recovered attempt may be"
                        + " skipped by the job's lock", t.runId(), t.backendPid(), BACKEND_EXIT_WAIT);
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("closed the connection of run {} (backend {}), which held the job's lock", t.runId(), t.backendPid());
    }

    private static boolean backendAlive(Connection c, TakenOver t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_get_activity(?) a WHERE a.backend_start = ?")) {
            ps.setInt(1, t.backendPid());
            ps.setTimestamp(2, t.backendStart());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The driver's message without the lines of detail it adds (where, hint, position): one line of the log. */
    private static String oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
