package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nightshift.jobs.RunStatus;
import nightshift.jobs.internal.RunTable;

/**
 * What the run records say about one firing (every run whose id is the firing's key, or the key and
 * {@code /N}), and the run id its next attempt takes. This is the exactly-once check: a firing that committed is
 * never run again, and a recovered firing whose earlier attempt still looks RUNNING (a node that stopped
 * answering but may come back) takes that record over, so the earlier attempt's commit, which needs its record
 * to be RUNNING, is refused.
 */
public final class FiringRecords {
    private FiringRecords() {
    }

    /** A previous attempt of the firing. */
    public record Attempt(String runId, RunStatus status, String startedBy) {
    }

    /** What to do with a firing: run it with {@code runId}, or nothing (then {@code reason} says why). */
    public record Decision(String runId, String reason) {
        public boolean run() {
            return runId != null;
        }
    }

    public static Decision decide(Connection c, String key, boolean recovering, String node, Instant now) throws SQLException {
        RunTable.markAbandoned(c, now);
        List<Attempt> attempts = attempts(c, key);
        for (Attempt a : attempts) {
            if (a.status() == RunStatus.SUCCEEDED) {
                return new Decision(null, "run " + a.runId() + " (" + a.startedBy() + ") already committed it");
            }
        }
        if (!attempts.isEmpty() && !recovering) {
            Attempt a = attempts.get(attempts.size() - 1);
            return new Decision(null, "run " + a.runId() + " (" + a.startedBy() + ") already handled it: " + a.status());
        }
        for (Attempt a : attempts) {
            if (a.status() == RunStatus.RUNNING) {
                takeOver(c, a.runId(), node, now);
            }
        }
        return new Decision(attempts.isEmpty() ? key : key + "/" + (attempts.size() + 1), null);
    }

    static List<Attempt> attempts(Connection c, String key) throws SQLException {
        List<Attempt> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, status, started_by FROM ns_run"
                + " WHERE run_id = ? OR (left(run_id, ?) = ? || '/') ORDER BY started_at")) {
            ps.setString(1, key);
            ps.setInt(2, key.length() + 1);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Attempt(rs.getString(1), RunStatus.valueOf(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return found;
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

    /** The fence: a RUNNING attempt of a recovered firing can no longer commit (its commit needs RUNNING). */
    private static void takeOver(Connection c, String runId, String node, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ns_run SET status = 'ABANDONED', finished_at = ?,"
                + " error = ? WHERE run_id = ? AND status = 'RUNNING'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, "taken over by scheduler node " + node + " after its node left the cluster; nothing of it was committed");
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }
}
