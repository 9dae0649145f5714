package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import nightshift.cron.Firing;
import nightshift.cron.FiringHandler;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunResult;
import nightshift.store.StoreException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of every entry: works out the firing's run id, skips a firing the run records say is done, and
 * hands the rest to the {@link FiringHandler}. One firing of an entry at a time, across the cluster.
 */
@DisallowConcurrentExecution
public final class FiringJob implements InterruptableJob {
    public static final String ENTRY = "entry";
    public static final String COMMAND = "command";
    public static final String DEFINITION = "definition";
    public static final String SEPARATOR = "\u0000";
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");

    private final String node;
    private final DataSource dataSource;
    private final RunHistory runs;
    private final FiringHandler handler;
    private final Clock clock;
    private volatile Thread running;
    private volatile boolean aborted;

    public FiringJob(String node, DataSource dataSource, RunHistory runs, FiringHandler handler, Clock clock) {
        this.node = node;
        this.dataSource = dataSource;
        this.runs = runs;
        this.handler = handler;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext ctx) throws JobExecutionException {
        JobDataMap data = ctx.getMergedJobDataMap();
        String entry = data.getString(ENTRY);
        List<String> command = Arrays.asList(data.getString(COMMAND).split(SEPARATOR, -1));
        boolean recovering = ctx.isRecovering();
        Instant scheduled = recovering
                ? Instant.ofEpochMilli(Long.parseLong(data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)))
                : ctx.getScheduledFireTime().toInstant();
        Instant fired = ctx.getFireTime().toInstant();
        String key = Firing.key(entry, scheduled);
        FiringRecords.Decision decision;
        try {
            runs.sweep(); // before this firing borrows its connection: the sweep takes one of its own
            decision = decide(key, recovering);
        } catch (SQLException | StoreException e) {
            LOG.error("firing {} of {} on node {}: the run records cannot be read ({}); not run",
                    key, entry, node, e.getMessage());
            JobExecutionException retry = new JobExecutionException(e);
            retry.setRefireImmediately(false);
            throw retry;
        }
        if (!decision.run()) {
            LOG.info("firing {} on node {}: skipped, {}", key, node, decision.reason());
            return;
        }
        Firing firing = new Firing(entry, command, decision.runId(), scheduled, fired, node, recovering);
        running = Thread.currentThread();
        try {
            RunResult result = handler.run(firing);
            long delay = Duration.between(scheduled, fired).toMillis();
            LOG.info("firing {} of `{}` on node {}{}: {} (fired {} ms after due)", decision.runId(), String.join(" ", command),
                    node, recovering ? " (recovered)" : "", result.describe(), delay);
        } catch (Exception | LinkageError e) {
            String takenOver = takenOver(decision.runId());
            if (takenOver != null) {
                LOG.warn("firing {} of `{}` on node {} ended without committing: {} ({})", decision.runId(),
                        String.join(" ", command), node, takenOver, e.toString());
            } else {
                LOG.error("firing {} of `{}` on node {} failed: {}", decision.runId(), String.join(" ", command), node,
                        e.toString(), e);
            }
        } finally {
            running = null;
            Thread.interrupted();
            if (aborted) {
                recordAborted(decision.runId());
            }
        }
    }

    private FiringRecords.Decision decide(String key, boolean recovering) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return FiringRecords.decide(c, key, recovering, node, clock.instant());
        }
    }

    /** Why the run was taken over by another node (its record says so), or null if it was not. */
    private String takenOver(String runId) {
        try (Connection c = dataSource.getConnection()) {
            return FiringRecords.takenOver(c, runId);
        } catch (SQLException e) {
            return null;
        }
    }

    private void recordAborted(String runId) {
        try (Connection c = dataSource.getConnection()) {
            FiringRecords.aborted(c, runId, "aborted: scheduler node " + node + " stopped and its grace period was over;"
                    + " nothing of it was committed", clock.instant());
        } catch (SQLException e) {
            LOG.warn("could not record run {} as aborted: {}", runId, e.getMessage());
        }
    }

    @Override
    public void interrupt() {
        Thread t = running;
        if (t != null) {
            aborted = true;
            LOG.warn("aborting a firing on node {}: the scheduler is stopping and its grace period is over", node);
            t.interrupt();
        }
    }
}
