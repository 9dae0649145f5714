package nightshift.jobs.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.JobContext;
import nightshift.jobs.Progress;
import nightshift.jobs.ViewableCatalog;
import nightshift.security.SecureSession;
import nightshift.store.catalog.Catalog;
import nightshift.store.spi.CommitHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobContext} of one attempt. What only the built-in jobs may use (the store-level catalog, and with it
 * the store; work in the run's commit) is package-private: a job holds this object, and must not reach the run's
 * connection, or a store session that no user's rules check, through it.
 */
public final class RunContext implements JobContext {
    private final SecureSession session;
    private final Catalog storeCatalog;
    private final ViewableCatalog catalog;
    private final String jobName;
    private final String runId;
    private final boolean dryRun;
    private final int attempt;
    private final AtomicReference<ProgressTracker> progress;
    private final Logger log;
    private volatile String note;
    private final List<CommitHook> hooks = new ArrayList<>();

    public RunContext(SecureSession session, Catalog catalog, String jobName, String runId, boolean dryRun, int attempt,
            AtomicReference<ProgressTracker> progress) {
        this.session = session;
        this.storeCatalog = catalog;
        this.catalog = new ViewableCatalog(catalog, session);
        this.jobName = jobName;
        this.runId = runId;
        this.dryRun = dryRun;
        this.attempt = attempt;
        this.progress = progress;
        this.log = LoggerFactory.getLogger("nightshift.job." + jobName);
    }

    @Override
    public SecureSession session() {
        return session;
    }

    @Override
    public ViewableCatalog catalog() {
        return catalog;
    }

    /**
     * The store-level catalog, unfiltered, for the built-in maintenance jobs (reindex reads every node, whoever
     * runs it: the catalog serves everyone, and searches filter by View).
     */
    Catalog storeCatalog() {
        return storeCatalog;
    }

    /**
     * Work for the built-in jobs that must commit in the run's own database transaction (after the store's writes,
     * the run record and the catalog batch), such as an import's local roles. Throwing from it vetoes the commit.
     */
    void onCommit(CommitHook hook) {
        hooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    /** Whether a job added any hook with {@link #onCommit} (for the runner). */
    public boolean hasCommitHooks() {
        return !hooks.isEmpty();
    }

    /** Runs the hooks added with {@link #onCommit}, in order (for the runner). */
    public void runCommitHooks(Connection connection, long tid) throws SQLException {
        for (CommitHook hook : hooks) {
            hook.inCommit(connection, tid);
        }
    }

    /** The context as a RunContext, for built-in jobs; an error naming the job if it is another implementation. */
    static RunContext of(JobContext ctx) {
        if (ctx instanceof RunContext run) {
            return run;
        }
        throw new IllegalStateException("job " + ctx.jobName() + " is a built-in job and needs the JobRunner's context,"
                + " not " + ctx.getClass().getName());
    }

    @Override
    public String user() {
        return session.context().user();
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public Progress progress(long total) {
        ProgressTracker tracker = new ProgressTracker(total, storeCatalog.store());
        progress.set(tracker);
        return tracker;
    }

    @Override
    public void note(String text) {
        this.note = text;
    }

    public String note() {
        return note;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public int attempt() {
        return attempt;
    }
}
