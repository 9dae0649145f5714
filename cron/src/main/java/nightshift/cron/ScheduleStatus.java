package nightshift.cron;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nightshift.cron.internal.TriggerSync;
import nightshift.store.StoreUnavailableException;

/**
 * What the store says about a scheduled entry: its next fire time (from the cluster's triggers) and its last run
 * (from the run records), whichever box asks.
 *
 * @param scheduled  whether the cluster has the entry at all (a schedule file not yet synced by a node has not)
 * @param lastRunId  null when it never ran
 * @param lastBy     who started the last run: {@code scheduler:<node>}
 */
public record ScheduleStatus(String id, String description, boolean scheduled, Instant nextFire, String lastRunId,
        String lastStatus, Instant lastStartedAt, String lastBy) {

    /** The entries the cluster has (synced by some node), by id. */
    public static List<ScheduleStatus> ofCluster(DataSource dataSource) {
        List<String[]> jobs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT job_name, description FROM qrtz_job_details"
                        + " WHERE sched_name = ? AND job_group = ? ORDER BY job_name")) {
            ps.setString(1, ClusteredScheduler.CLUSTER_NAME);
            ps.setString(2, TriggerSync.GROUP);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            List<ScheduleStatus> out = new ArrayList<>();
            for (String[] job : jobs) {
                out.add(read(c, job[0], job[1]));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The entries of a schedule file, with what the store knows of each. */
    public static List<ScheduleStatus> of(DataSource dataSource, Schedule schedule) {
        try (Connection c = dataSource.getConnection()) {
            List<ScheduleStatus> out = new ArrayList<>();
            for (ScheduleEntry e : schedule.entries()) {
                out.add(read(c, e.id(), e.when() + " " + e.commandLine()));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static ScheduleStatus read(Connection c, String id, String description) throws SQLException {
        boolean scheduled = false;
        Instant next = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT min(next_fire_time), count(*) FROM qrtz_triggers"
                + " WHERE sched_name = ? AND job_group = ? AND job_name = ? AND next_fire_time > 0")) {
            ps.setString(1, ClusteredScheduler.CLUSTER_NAME);
            ps.setString(2, TriggerSync.GROUP);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long millis = rs.getLong(1);
                next = rs.wasNull() ? null : Instant.ofEpochMilli(millis);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qrtz_job_details"
                + " WHERE sched_name = ? AND job_group = ? AND job_name = ?")) {
            ps.setString(1, ClusteredScheduler.CLUSTER_NAME);
            ps.setString(2, TriggerSync.GROUP);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                scheduled = rs.next();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, status, started_at, started_by FROM ns_run"
                + " WHERE left(run_id, ?) = ? ORDER BY started_at DESC LIMIT 1")) {
            ps.setInt(1, id.length() + 1);
            ps.setString(2, id + "@");
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Timestamp at = rs.getTimestamp(3);
                    return new ScheduleStatus(id, description, scheduled, next, rs.getString(1), rs.getString(2),
                            at.toInstant(), rs.getString(4));
                }
            }
        }
        return new ScheduleStatus(id, description, scheduled, next, null, null, null, null);
    }

    private static StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("the schedule's state could not be read: " + e.getMessage()
                + "; check that the store is reachable", e);
    }
}
