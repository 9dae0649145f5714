package nightshift.jobs;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.internal.Backoff;
import nightshift.jobs.internal.JobLock;
import nightshift.jobs.internal.ProgressTracker;
import nightshift.jobs.internal.RunTable;
import nightshift.security.SecureSession;
import nightshift.security.UserReadAhead;
import nightshift.store.ChangeSummary;
import nightshift.store.Store;
import nightshift.store.StoreUnavailableException;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.spi.Connections;
import nightshift.store.spi.ReadAhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job as one transaction. A run: takes the job's lock on a connection of its own (skip, wait or fail when
 * another run holds it), records itself as RUNNING, opens a {@link SecureSession} as the user, calls the job,
 * and commits everything the job staged together with its SUCCEEDED record, in one database transaction. On a
 * conflict it aborts and runs the job again in a fresh session after a jittered backoff, up to the request's
 * attempts; on any other failure it aborts and records the error; past the timeout it aborts and nothing commits;
 * a dry run aborts instead of committing and reports what it would have changed.
 *
 * <pre>{@code
 * JobRunner runner = JobRunner.create(store).build();
 * RunResult result = runner.run(RunRequest.builder(catalog.find("reindex"), "editor").timeout(Duration.ofMinutes(30)).build());
 * }</pre>
 */
public final class JobRunner {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    /** How often a run's progress is written into its record (and told to the listener). */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PRUNE_BATCH = 500;
    private static final long HOUSEKEEPING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String WORKER = "nightshift-job";

    private final Store store;
    private final Clock clock;
    private final RunAttempts runAttempts;
    private final Duration retention;
    private final Duration progressInterval;
    private final Duration grace;
    private final ProgressListener listener;
    private final boolean onCallerThread;
    private final AtomicLong lastHousekeeping = new AtomicLong();
    /** Threads that run jobs, reused from run to run and ended after a minute idle. */
    private final ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> daemon(r, WORKER));
    /** One thread that writes every run's progress, ended after a minute idle. */
    private final ScheduledThreadPoolExecutor samplers = sampler();

    private JobRunner(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.runAttempts = new RunAttempts(b.store, b.catalog == null ? Catalog.of(b.store) : b.catalog, b.clock, b.sleeper,
                new Backoff(b.backoffBase, b.backoffMax));
        this.retention = b.retention;
        this.progressInterval = b.progressInterval;
        this.grace = b.grace;
        this.listener = b.listener;
        this.onCallerThread = b.onCallerThread;
    }

    public static Builder create(Store store) {
        return new Builder(store);
    }

    /** Runs the request to its end and says how it ended; only a store that cannot be reached throws. */
    public RunResult run(RunRequest request) {
        String runId = request.runId() != null ? request.runId()
                : RUN_ID_TIME.format(clock.instant()) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
        RunTable.Start start = new RunTable.Start(runId, request.jobName(), request.lockKey(), request.parameters(),
                request.user(), request.startedBy(), request.dryRun());
        try {
            Connection control = store.dataSource().getConnection();
            RunConnection held = new RunConnection(control);
            try {
                housekeeping(control);
                JobLock lock = new JobLock(control, start);
                // The user and the session's snapshot are read with the RUNNING record, in its round trip, for the
                // first attempt.
                held.ahead = TxInfo.SYSTEM_USER.equals(request.user()) ? null : UserReadAhead.of(request.user());
                held.snapshot = Connections.snapshotReadAhead(store);
                List<ReadAhead> aheads = held.ahead == null ? List.of(held.snapshot)
                        : List.of(held.ahead.asReadAhead(), held.snapshot);
                if (!lockAndRecord(lock, control, start, request, aheads)) {
                    return notStarted(control, start, request);
                }
                held.lock = lock;
                return runLocked(held, start, request);
            } finally {
                held.releaseUnlessWorkerHasIt();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the run records could not be read or written: " + e.getMessage()
                    + "; check that the store is reachable", e);
        }
    }

    /** Takes the job's lock (waiting if asked) and records the run as RUNNING; false if the lock was not had. */
    private boolean lockAndRecord(JobLock lock, Connection control, RunTable.Start start, RunRequest request,
            List<ReadAhead> aheads) throws SQLException {
        if (request.ifRunning() == IfRunning.WAIT) {
            if (!lock.acquire(request.timeout())) {
                return false;
            }
            try {
                RunTable.insertRunning(control, start, clock.instant());
            } catch (SQLException e) {
                lock.release();
                throw e;
            }
            return true;
        }
        try {
            return RunTable.lockAndInsertRunning(control, start, clock.instant(), aheads);
        } catch (SQLException e) {
            lock.release(); // the statement may have taken the lock before its insert failed
            throw e;
        }
    }

    /**
     * Marks abandoned runs and prunes old records: on every run of a one-shot process (a cron line), at most once
     * a minute in a process that runs many (the scheduler, a bench), where it would otherwise add statements to
     * every small run.
     */
    private void housekeeping(Connection control) throws SQLException {
        long now = System.nanoTime();
        long last = lastHousekeeping.get();
        if (last != 0 && now - last < HOUSEKEEPING_INTERVAL_NANOS || !lastHousekeeping.compareAndSet(last, now)) {
            return;
        }
        int abandoned = RunTable.markAbandoned(control, clock.instant());
        if (abandoned > 0) {
            LOG.warn("marked {} run(s) ABANDONED: their processes ended while running", abandoned);
        }
        RunTable.prune(control, retention, clock.instant(), PRUNE_BATCH);
    }

    private RunResult notStarted(Connection control, RunTable.Start start, RunRequest request) throws SQLException {
        if (request.ifRunning() == IfRunning.WAIT) {
            JobTimeoutException timeout = new JobTimeoutException(request.jobName(), request.timeout());
            RunTable.insertFinished(control, start, RunStatus.TIMED_OUT, clock.instant(), "timed out waiting for the lock");
            return new RunResult(start.runId(), request.jobName(), RunStatus.TIMED_OUT, 0, OptionalLong.empty(),
                    empty(), request.dryRun(), timeout);
        }
        LockHeldException held = new LockHeldException(request.lockKey());
        // under FAIL, not having the lock is this run's failure, and monitoring must see it as one; under SKIP it is
        // the expected outcome of a line that fires while the last run goes on
        RunStatus status = request.ifRunning() == IfRunning.FAIL ? RunStatus.FAILED : RunStatus.SKIPPED;
        RunTable.insertFinished(control, start, status, clock.instant(), held.getMessage());
        return new RunResult(start.runId(), request.jobName(), status, 0, OptionalLong.empty(), empty(),
                request.dryRun(), status == RunStatus.FAILED ? held : null);
    }

    /**
     * The attempts run on a worker thread so the timeout can stop them, on the run's one connection (which holds the
     * lock): its sessions and security reads use it too, through {@link Connections#onConnection}. Until the worker
     * ends, this thread leaves that connection alone: progress is written on a connection of the sampler's own, and a
     * timeout whose job does not stop within the grace period is recorded on a fresh one, the worker then releasing
     * the lock and the connection whenever it does stop (until then the job is still running, so its lock stays held).
     * Worker and sampler threads are the runner's, reused from run to run: starting and joining two threads was a
     * tenth of a small run. A runner built {@link Builder#runOnCallerThread} runs a run without a timeout here instead.
     */
    private RunResult runLocked(RunConnection held, RunTable.Start start, RunRequest request) throws SQLException {
        Connection control = held.connection;
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<ProgressTracker> progress = new AtomicReference<>(new ProgressTracker(0, null));
        CountDownLatch stopped = new CountDownLatch(1);
        ProgressWriter writer = new ProgressWriter(store, listener, clock, start, progress);
        ScheduledFuture<?> sampling = null;
        if (onCallerThread && request.timeout() == null) {
            sampling = samplers.scheduleAtFixedRate(writer, progressInterval.toMillis(), progressInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                RunResult result = runAttempts.attempts(held, start, request, cancelled, attempts, progress);
                if (result == null) { // interrupted while waiting to retry; on a worker, the runner's thread records it
                    RunTable.finish(control, start.runId(), RunStatus.FAILED, attempts.get(), null, null,
                            new InterruptedException("interrupted while waiting to retry"), clock.instant());
                    throw new JobException("interrupted while running " + request.jobName());
                }
                return result;
            } finally {
                sampling.cancel(false);
                writer.close();
            }
        }
        held.lend();
        Future<RunResult> attemptsDone = workers.submit(() -> {
            if (!held.workerStarts()) {
                return null; // timed out before it began: the runner took the connection back
            }
            Thread thread = Thread.currentThread();
            thread.setName(WORKER + "-" + request.jobName());
            try {
                return runAttempts.attempts(held, start, request, cancelled, attempts, progress);
            } finally {
                thread.setName(WORKER);
                held.workerDone();
                stopped.countDown();
            }
        });
        try {
            sampling = samplers.scheduleAtFixedRate(writer, progressInterval.toMillis(), progressInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                return request.timeout() == null ? attemptsDone.get()
                        : attemptsDone.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                cancelled.set(true);
                attemptsDone.cancel(true);
                if (held.working()) {
                    awaitQuietly(stopped);
                }
                if (held.runnerTakesBack()) {
                    return timedOut(control, start, request, attempts.get());
                }
                try (Connection fresh = store.dataSource().getConnection()) {
                    return timedOut(fresh, start, request, attempts.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled.set(true);
                attemptsDone.cancel(true);
                throw new JobException("interrupted while running " + request.jobName(), e);
            } catch (ExecutionException e) {
                throw new JobException("the runner failed running " + request.jobName() + ": " + e.getCause(), e.getCause());
            }
        } finally {
            if (sampling != null) {
                sampling.cancel(false);
            }
            writer.close();
        }
    }

    private RunResult timedOut(Connection c, RunTable.Start start, RunRequest request, int attempts) throws SQLException {
        JobTimeoutException timeout = new JobTimeoutException(request.jobName(), request.timeout());
        if (RunTable.finish(c, start.runId(), RunStatus.TIMED_OUT, attempts, null, null, timeout, clock.instant())) {
            return new RunResult(start.runId(), request.jobName(), RunStatus.TIMED_OUT, attempts, OptionalLong.empty(),
                    empty(), request.dryRun(), timeout);
        }
        RunRecord ended = RunTable.find(c, start.runId());
        return new RunResult(start.runId(), request.jobName(), ended.status(), ended.attempts(), ended.tid(),
                new ChangeSummary(ended.created(), ended.modified(), ended.deleted(), 0), request.dryRun(), null);
    }

    private void awaitQuietly(CountDownLatch stopped) {
        try {
            if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the timed-out job did not stop within {}; its transaction will not be committed", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledThreadPoolExecutor sampler() {
        ScheduledThreadPoolExecutor sampler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "nightshift-progress"));
        sampler.setKeepAliveTime(60, TimeUnit.SECONDS);
        sampler.allowCoreThreadTimeOut(true);
        sampler.setRemoveOnCancelPolicy(true);
        return sampler;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static ChangeSummary empty() {
        return new ChangeSummary(0, 0, 0, 0);
    }

    /** Settings of a runner; the defaults suit a crontab line. */
    public static final class Builder {
        private final Store store;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private Duration backoffBase = Backoff.DEFAULT.base();
        private Duration backoffMax = Backoff.DEFAULT.max();
        private Duration retention = DEFAULT_RETENTION;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private Duration grace = DEFAULT_GRACE;
        private ProgressListener listener = ProgressListener.NONE;
        private Catalog catalog;
        private boolean onCallerThread;

        private Builder(Store store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The catalog jobs see (default {@code Catalog.of(store)}: the simple text configuration). */
        public Builder catalog(Catalog c) {
            this.catalog = Objects.requireNonNull(c);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s);
            return this;
        }

        /** The first wait after a conflict, and the longest. */
        public Builder backoff(Duration base, Duration max) {
            if (base.isNegative() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= base <= max; was " + base + ", " + max);
            }
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /** How long run records are kept (default 90 days). */
        public Builder retention(Duration keep) {
            if (keep.isNegative() || keep.isZero()) {
                throw new IllegalArgumentException("retention must be positive; was " + keep);
            }
            this.retention = keep;
            return this;
        }

        public Builder progressInterval(Duration every) {
            if (every.toMillis() < 10) {
                throw new IllegalArgumentException("progress interval must be at least 10ms; was " + every);
            }
            this.progressInterval = every;
            return this;
        }

        /** How long a timed-out job may take to stop before the runner gives up waiting for it. */
        public Builder grace(Duration wait) {
            this.grace = Objects.requireNonNull(wait);
            return this;
        }

        public Builder progressListener(ProgressListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        /**
         * Whether a run without a timeout runs its attempts on the thread that calls {@link JobRunner#run} (default
         * false: on one of the runner's worker threads, as a run with a timeout always does), sparing the hand-off to
         * the worker and back. On the caller's thread, an interrupt of that thread reaches the job like any of the
         * caller's own code, and {@code run} returns only when the job does:
         * leave it off where {@code run} must return when its thread is interrupted, as a scheduler's shutdown needs.
         * The command line turns it on for {@code run} and {@code script}, not for the scheduler's firings.
         */
        public Builder runOnCallerThread(boolean on) {
            this.onCallerThread = on;
            return this;
        }

        public JobRunner build() {
            return new JobRunner(this);
        }
    }
}
