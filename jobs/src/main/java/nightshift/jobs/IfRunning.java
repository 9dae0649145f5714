package nightshift.jobs;

/** What a run does when another run holds its lock. */
public enum IfRunning {
    /** Do nothing and succeed (recorded SKIPPED): the right thing for a crontab line that fires often. */
    SKIP,
    /** Wait for the lock (within the run's timeout). */
    WAIT,
    /** Give up and fail (recorded FAILED with the reason, exit 75). */
    FAIL
}
