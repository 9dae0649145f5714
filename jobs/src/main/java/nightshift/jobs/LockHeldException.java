package nightshift.jobs;

/** Another run holds the job's lock and the run was asked to fail rather than skip or wait. */
public class LockHeldException extends JobException {
    public LockHeldException(String lockKey) {
        super("another run of '" + lockKey + "' is still running; try again later, or pass --if-running wait or skip");
    }

    @Override
    public int exitCode() {
        return TEMPORARY;
    }
}
