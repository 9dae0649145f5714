package nightshift.jobs.internal;

import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.JobContext;
import nightshift.jobs.Progress;
import nightshift.security.SecureSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link JobContext} of one attempt. */
public final class RunContext implements JobContext {
    private final SecureSession session;
    private final String jobName;
    private final String runId;
    private final boolean dryRun;
    private final int attempt;
    private final AtomicReference<ProgressTracker> progress;
    private final Logger log;
    private volatile String note;

    public RunContext(SecureSession session, String jobName, String runId, boolean dryRun, int attempt,
            AtomicReference<ProgressTracker> progress) {
        this.session = session;
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
        ProgressTracker tracker = new ProgressTracker(total);
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
