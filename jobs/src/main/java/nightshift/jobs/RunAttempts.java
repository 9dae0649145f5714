package nightshift.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.internal.Backoff;
import nightshift.jobs.internal.JobLock;
import nightshift.jobs.internal.ProgressTracker;
import nightshift.jobs.internal.RunContext;
import nightshift.jobs.internal.RunTable;
import nightshift.security.SecureSession;
import nightshift.security.SecurityContext;
import nightshift.security.UserReadAhead;
import nightshift.store.ChangeSummary;
import nightshift.store.ConflictException;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.CatalogBatch;
import nightshift.store.spi.CommitHook;
import nightshift.store.spi.Connections;
import nightshift.store.spi.Pacing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A run's attempts, on the run's connection: each opens a session as the run's user, calls the job and commits what it
 * staged with the run's SUCCEEDED record; a conflict tries again after a backoff, up to the request's attempts; any
 * other throwable ends the run FAILED. The {@link JobRunner} around it holds the lock, the thread and the timeout.
 */
final class RunAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final String JOB_MAY_NOT_END = "a job may not commit, abort or close its session: the runner commits"
            + " when run() returns, and a throw aborts";

    private final Store store;
    private final Catalog catalog;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;

    RunAttempts(Store store, Catalog catalog, Clock clock, Sleeper sleeper, Backoff backoff) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    RunResult attempts(RunConnection held, RunTable.Start start, RunRequest request, AtomicBoolean cancelled,
            AtomicInteger attempts, AtomicReference<ProgressTracker> progress) throws SQLException {
        Connection control = held.connection;
        MDC.put("job", request.jobName());
        MDC.put("runId", start.runId());
        try {
            for (int attempt = 1; ; attempt++) {
                attempts.set(attempt);
                try {
                    return attempt(held, start, request, attempt, cancelled, progress);
                } catch (ConflictException e) {
                    if (attempt >= request.retries()) {
                        return failed(control, start, request, RunStatus.CONFLICT, attempt, e);
                    }
                    Duration wait = backoff.after(attempt);
                    LOG.info("attempt {} of {} conflicted ({}); retrying in {} ms", attempt, request.retries(),
                            e.paths(), wait.toMillis());
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                } catch (Throwable e) {
                    // Any throwable, an Error of the JVM's (out of memory, out of stack) or of the job's own included:
                    // the attempt's frames are gone by now, and with them the job, its session and its staged writes,
                    // so what they held is free again to record the failure with.
                    if (cancelled.get()) {
                        return null; // timed out: the runner's thread records it
                    }
                    LOG.debug("run {} failed", start.runId(), e);
                    return failed(control, start, request, RunStatus.FAILED, attempt, e);
                }
            }
        } finally {
            MDC.remove("job");
            MDC.remove("runId");
        }
    }

    private RunResult attempt(RunConnection held, RunTable.Start start, RunRequest request, int attempt, AtomicBoolean cancelled,
            AtomicReference<ProgressTracker> progress) throws Exception {
        Connection control = held.connection;
        // `system` is never a user; naming it is how a run asks for the system context (store maintenance).
        boolean first = attempt == 1;
        Store onRunConnection = first && held.snapshot.isRead() ? Connections.onConnection(store, control, held.snapshot)
                : Connections.onConnection(store, control);
        UserReadAhead ahead = held.ahead;
        try (SecureSession session = TxInfo.SYSTEM_USER.equals(request.user())
                ? SecureSession.open(onRunConnection, SecurityContext.system())
                : first && ahead != null && ahead.isRead() ? SecureSession.open(onRunConnection, ahead)
                : SecureSession.open(onRunConnection, request.user())) {
            // The job gets a view that cannot end the run's transaction; the runner keeps the session that can.
            RunContext ctx = new RunContext(session.withoutEnding(JOB_MAY_NOT_END), catalog, request.jobName(), start.runId(),
                    request.dryRun(), attempt, progress);
            try {
                return runAndCommit(session, ctx, held, start, request, attempt, cancelled);
            } finally {
                CatalogBatch batch = ctx.catalog().openedBatch();
                if (batch != null) {
                    batch.close();
                }
            }
        }
    }

    private RunResult runAndCommit(SecureSession session, RunContext ctx, RunConnection held, RunTable.Start start,
            RunRequest request, int attempt, AtomicBoolean cancelled) throws Exception {
        Connection control = held.connection;
        JobLock lock = held.lock;
        Job job = Objects.requireNonNull(request.job().get(), "the job factory returned null");
        Duration pausedBefore = Pacing.pausedOnThisThread();
        job.run(ctx);
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("timed out");
        }
        ChangeSummary changes = session.changes();
        if (request.dryRun()) {
            session.abort();
            RunTable.finish(control, start.runId(), RunStatus.SUCCEEDED, attempt, null, changes, null, clock.instant());
            return succeeded(start, request, attempt, 0, changes, ctx.note());
        }
        TxInfo info = session.txInfo().withJob(request.jobName(), start.runId()).withNote(ctx.note());
        boolean writes = session.hasChanges();
        long tid = session.commit(info, new CommitHook() {
            @Override
            public void inCommit(Connection connection, long tid) throws SQLException {
                if (cancelled.get()) {
                    throw new JobTimeoutException(request.jobName(), request.timeout());
                }
                CatalogBatch batch = ctx.catalog().openedBatch();
                if (batch != null) {
                    batch.forRun(start.runId());
                    batch.commitHook().inCommit(connection, tid);
                }
                ctx.runCommitHooks(connection, tid);
            }

            // The run's record ends in the commit's own round trip; a run no longer RUNNING refuses it there.
            @Override
            public List<CommitHook.Statement> withCommit(long tid) {
                return List.of(RunTable.succeededWithCommit(start.runId(), attempt, changes, clock.instant()));
            }

            // The run is over once it committed: its lock goes in the same round trip.
            @Override
            public List<CommitHook.Statement> afterCommit(long tid) {
                return List.of(lock.releaseAfterCommit());
            }

            // Nothing for inCommit to do (most runs): then the whole commit is one round trip.
            @Override
            public CommitHook.Statements asStatements() {
                if (cancelled.get() || ctx.catalog().openedBatch() != null || ctx.hasCommitHooks()) {
                    return null;
                }
                return new CommitHook.Statements(withCommit(0), afterCommit(0));
            }
        });
        lock.releasedWithCommit();
        Duration paused = Pacing.pausedOnThisThread().minus(pausedBefore);
        if (paused.toMillis() >= 100) {
            ctx.log().info("paused {} s in all to keep pace with the store's other writers", String.format(Locale.ROOT, "%.1f",
                    paused.toMillis() / 1e3));
        }
        return succeeded(start, request, attempt, writes ? tid : 0, changes, ctx.note());
    }

    private static RunResult succeeded(RunTable.Start start, RunRequest request, int attempt, long tid, ChangeSummary changes,
            String note) {
        return new RunResult(start.runId(), request.jobName(), RunStatus.SUCCEEDED, attempt,
                tid == 0 ? OptionalLong.empty() : OptionalLong.of(tid), changes, request.dryRun(), null, note);
    }

    /**
     * Records the run's end and says how it ended. A store that cannot be reached throws, as for any run; if recording
     * fails otherwise (memory still short after an OutOfMemoryError), the failure is logged and the record left
     * RUNNING: the run's locks go with its connection, and the next sweep marks it ABANDONED.
     */
    private RunResult failed(Connection control, RunTable.Start start, RunRequest request, RunStatus status, int attempt,
            Throwable error) throws SQLException {
        try {
            RunTable.finish(control, start.runId(), status, attempt, null, null, error, clock.instant());
        } catch (RuntimeException | Error recording) {
            LOG.error("run {} of {} ended {} ({}), but that could not be recorded: {}", start.runId(), request.jobName(),
                    status, error, recording);
        }
        return new RunResult(start.runId(), request.jobName(), status, attempt, OptionalLong.empty(), JobRunner.empty(),
                request.dryRun(), error);
    }
}
