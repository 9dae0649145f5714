package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's clustered JDBC job store, where a node acts on a trigger it acquired, or on a firing it ran, only while
 * the cluster still records its claim (its row in {@code qrtz_fired_triggers}). A node that stopped answering
 * (SIGSTOP, a frozen VM, a long pause) and was recovered by another has lost those rows, but not what it held in
 * memory: on its own, Quartz would fire the trigger it had acquired (a firing due long ago, after the cluster has
 * already run it as a misfire, and would write the trigger's next fire time back to what it was), and completing a
 * firing recovered elsewhere would unblock the entry's triggers while another node runs it. Recovery deletes the
 * rows under the same lock as these methods run, so the check and the action cannot be split by it.
 */
@SuppressWarnings("unchecked") // JobStoreTX overrides the generic executeInLock with a raw type, which this inherits
public final class FencedJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");

    @Override
    protected TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        if (!claimed(conn, trigger)) {
            LOG.warn("node {}: not firing {} (due {}): the cluster gave this node's claim on it to another node while"
                    + " this one was not answering", getInstanceId(), trigger.getKey().getName(),
                    instant(trigger.getNextFireTime()));
            return null;
        }
        return super.triggerFired(conn, trigger);
    }

    @Override
    protected void releaseAcquiredTrigger(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        if (claimed(conn, trigger)) {
            super.releaseAcquiredTrigger(conn, trigger);
        }
    }

    @Override
    protected void triggeredJobComplete(Connection conn, OperableTrigger trigger, JobDetail jobDetail,
            CompletedExecutionInstruction triggerInstCode) throws JobPersistenceException {
        if (!claimed(conn, trigger)) {
            LOG.warn("node {}: the firing of {} (due {}) ended here after the cluster recovered it on another node;"
                    + " its entry's triggers are left to that node", getInstanceId(), trigger.getKey().getName(),
                    instant(trigger.getPreviousFireTime()));
            return;
        }
        super.triggeredJobComplete(conn, trigger, jobDetail, triggerInstCode);
    }

    private boolean claimed(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM " + getTablePrefix() + "FIRED_TRIGGERS"
                + " WHERE SCHED_NAME = ? AND ENTRY_ID = ? AND INSTANCE_NAME = ?")) {
            ps.setString(1, getInstanceName());
            ps.setString(2, trigger.getFireInstanceId());
            ps.setString(3, getInstanceId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new JobPersistenceException("cannot read whether node " + getInstanceId() + " still holds "
                    + trigger.getKey() + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(Date time) {
        return time == null ? null : time.toInstant();
    }
}
