package nightshift.jobs;

import nightshift.security.SecureSession;
import org.slf4j.Logger;

/** What a running job gets from the runner. */
public interface JobContext {
    /**
     * The session acting as the run's user: every read and write is checked against that user. It belongs to the
     * run: its {@code commit}, {@code abort} and {@code close} throw {@link IllegalStateException}, as the runner
     * commits what the job staged when {@code run} returns, and aborts it when {@code run} throws.
     */
    SecureSession session();

    /**
     * The catalog as this user sees it: searches return only nodes the user may View; what the job indexes
     * through {@link ViewableCatalog#batch()} commits with the job's transaction.
     */
    ViewableCatalog catalog();

    /** The store user the job acts as. */
    String user();

    String runId();

    String jobName();

    /** A logger whose MDC carries {@code job} and {@code runId}. */
    Logger log();

    /** Starts progress reporting for {@code total} units of work (0 when unknown); see {@link Progress}. */
    Progress progress(long total);

    /** Sets the note recorded with the job's transaction. */
    void note(String text);

    /** Whether this run will be aborted instead of committed. */
    boolean dryRun();

    /** 1 for the first attempt, 2 after one conflict, and so on. */
    int attempt();
}
