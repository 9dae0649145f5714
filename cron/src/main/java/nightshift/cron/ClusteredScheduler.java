package nightshift.cron;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import nightshift.cron.internal.FencedJobStore;
import nightshift.cron.internal.FiringJob;
import nightshift.cron.internal.StoreConnections;
import nightshift.cron.internal.TriggerSync;
import nightshift.jobs.RunHistory;
import nightshift.store.Store;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the clustered scheduler: Quartz with its JDBC job store ({@code JobStoreTX}, clustered) on the
 * store's PostgreSQL, through the store's own connection pool. Every node with the same store is in the same
 * cluster; each firing runs on one of them, and a dead node's firings are recovered by another. A node that was
 * recovered while it stopped answering, and then goes on, acts on none of the claims it lost ({@link FencedJobStore}).
 *
 * <pre>{@code
 * ClusteredScheduler node = ClusteredScheduler.create(store, handler).nodeId("box-1").build();
 * node.start(Schedule.read(Path.of("/etc/nightshift/schedule")));
 * ...
 * node.stop(Duration.ofMinutes(5));
 * }</pre>
 */
public final class ClusteredScheduler implements AutoCloseable {
    public static final String CLUSTER_NAME = "nightshift";
    public static final int DEFAULT_THREADS = 4;
    public static final Duration DEFAULT_CHECKIN = Duration.ofSeconds(7);
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");
    /**
     * How long Quartz's transaction may sit idle before the server ends it is the check-in interval, but never less
     * than this: a node that is alive but slow (a collector's pause on a loaded box) must not lose its transactions.
     */
    private static final Duration SHORTEST_IDLE_IN_TRANSACTION = Duration.ofSeconds(5);

    private final Store store;
    private final String node;
    private final Scheduler quartz;

    private ClusteredScheduler(Builder b) {
        this.store = b.store;
        this.node = b.nodeId;
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", CLUSTER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", node);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(b.idleWait.toMillis()));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(b.threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "nightshift-scheduler-" + node);
        p.setProperty("org.quartz.jobStore.class", FencedJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", StoreConnections.register(store.dataSource(), node,
                max(b.checkin, SHORTEST_IDLE_IN_TRANSACTION)));
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(b.checkin.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(b.misfireThreshold.toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        try {
            synchronized (ClusteredScheduler.class) {
                StdSchedulerFactory factory = new StdSchedulerFactory(p);
                this.quartz = factory.getScheduler();
                // Quartz keeps one scheduler per name in a JVM; every node of the cluster must share the name, and
                // tests run several nodes in one JVM, so this node is not left in that registry.
                SchedulerRepository.getInstance().remove(CLUSTER_NAME);
            }
            FiringHandler handler = b.handler;
            Clock clock = b.clock;
            quartz.setJobFactory((bundle, scheduler) -> new FiringJob(node, store.dataSource(), RunHistory.of(store, clock), handler, clock));
        } catch (SchedulerException e) {
            throw new CronException("cannot create the scheduler node " + node + ": " + e.getMessage(), e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static Builder create(Store store, FiringHandler handler) {
        return new Builder(store, handler);
    }

    public String nodeId() {
        return node;
    }

    /** Syncs the cluster's triggers to the schedule, then starts firing. */
    public TriggerSyncResult start(Schedule schedule) {
        TriggerSyncResult synced = sync(schedule);
        start();
        return synced;
    }

    /** Starts firing with the triggers the cluster has. */
    public void start() {
        try {
            quartz.start();
        } catch (SchedulerException e) {
            throw new CronException("cannot start the scheduler node " + node + ": " + e.getMessage(), e);
        }
        LOG.info("scheduler node {} started", node);
    }

    /** Makes the cluster's triggers match the schedule (safe when several nodes do it at once). */
    public TriggerSyncResult sync(Schedule schedule) {
        TriggerSync.Result r = TriggerSync.sync(quartz, store.dataSource(), schedule);
        TriggerSyncResult result = new TriggerSyncResult(r.added(), r.changed(), r.removed(), r.unchanged());
        LOG.info("scheduler node {} synced the schedule: {}", node, result);
        return result;
    }

    /** What a sync changed, by entry id. */
    public record TriggerSyncResult(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
        @Override
        public String toString() {
            return added.size() + " added, " + changed.size() + " changed, " + removed.size() + " removed, "
                    + unchanged.size() + " unchanged";
        }
    }

    /**
     * Stops: no new firings on this node; running ones may finish within {@code grace}, then they are aborted
     * (their transactions roll back); the node leaves the cluster.
     */
    public void stop(Duration grace) {
        try {
            if (quartz.isShutdown()) {
                return;
            }
            quartz.standby();
            Instant deadline = Instant.now().plus(grace);
            List<JobExecutionContext> running = quartz.getCurrentlyExecutingJobs();
            while (!running.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                running = quartz.getCurrentlyExecutingJobs();
            }
            for (JobExecutionContext ctx : running) {
                LOG.warn("scheduler node {}: aborting {} after the grace period of {}", node,
                        ctx.getJobDetail().getKey().getName(), grace);
                quartz.interrupt(ctx.getFireInstanceId());
            }
            quartz.shutdown(true);
            leaveCluster();
            LOG.info("scheduler node {} stopped and left the cluster", node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CronException("interrupted while stopping scheduler node " + node, e);
        } catch (SchedulerException e) {
            throw new CronException("cannot stop scheduler node " + node + " cleanly: " + e.getMessage(), e);
        }
    }

    /** Removes this node's check-in row, so that the others do not wait for it to time out. */
    private void leaveCluster() {
        try (java.sql.Connection c = store.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM qrtz_scheduler_state"
                        + " WHERE sched_name = ? AND instance_name = ?")) {
            ps.setString(1, CLUSTER_NAME);
            ps.setString(2, node);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            LOG.warn("scheduler node {} could not remove its check-in row ({}); the others will time it out", node, e.getMessage());
        }
    }

    /** Stops at once: running firings are aborted. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** Settings of one node; the defaults suit production (tests shorten the intervals). */
    public static final class Builder {
        private final Store store;
        private final FiringHandler handler;
        private String nodeId = defaultNodeId();
        private int threads = DEFAULT_THREADS;
        private Duration checkin = DEFAULT_CHECKIN;
        private Duration misfireThreshold = DEFAULT_MISFIRE_THRESHOLD;
        private Duration idleWait = DEFAULT_IDLE_WAIT;
        private Clock clock = Clock.systemUTC();

        private Builder(Store store, FiringHandler handler) {
            this.store = Objects.requireNonNull(store, "store");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The host name and the process id: unique per process, readable in the run records. */
        public static String defaultNodeId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        }

        public Builder nodeId(String id) {
            if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
                throw new IllegalArgumentException("node id must be 1-100 letters, digits, '.', '_', ':' or '-'; was '" + id + "'");
            }
            this.nodeId = id;
            return this;
        }

        public Builder threads(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("threads must be 1-100; was " + n);
            }
            this.threads = n;
            return this;
        }

        /** How often the node tells the cluster it is alive; a node silent for longer is taken over. */
        public Builder checkinInterval(Duration d) {
            this.checkin = positive(d, "checkin interval");
            return this;
        }

        /** How late a firing may be before its entry's misfire policy applies. */
        public Builder misfireThreshold(Duration d) {
            this.misfireThreshold = positive(d, "misfire threshold");
            return this;
        }

        /** How long an idle node waits before looking for triggers added by other nodes. */
        public Builder idleWait(Duration d) {
            if (d == null || d.toMillis() < 1000) {
                throw new IllegalArgumentException("idle wait must be at least 1s (Quartz's minimum); was " + d);
            }
            this.idleWait = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.toMillis() < 1) {
                throw new IllegalArgumentException(what + " must be positive; was " + d);
            }
            return d;
        }

        public ClusteredScheduler build() {
            return new ClusteredScheduler(this);
        }
    }
}
