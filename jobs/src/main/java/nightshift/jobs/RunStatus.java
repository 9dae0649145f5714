package nightshift.jobs;

/** The state of a run in its record. */
public enum RunStatus {
    /** Started and not finished; or, if its process is gone, about to be marked {@link #ABANDONED}. */
    RUNNING,
    /** Committed (or had nothing to commit, or was a dry run). */
    SUCCEEDED,
    /** The job threw, or was refused, or its lock was held under {@link IfRunning#FAIL}; nothing committed. */
    FAILED,
    /** Still conflicting after the last retry; nothing committed. */
    CONFLICT,
    /** Another run held the lock under {@link IfRunning#SKIP}; this one did nothing. */
    SKIPPED,
    /** Took longer than its timeout; nothing committed. */
    TIMED_OUT,
    /** Its process died while running; nothing committed. */
    ABANDONED
}
