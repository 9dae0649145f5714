package nightshift.cron;

import nightshift.store.ExitStatus;

/**
 * The root of the scheduler's failures. Each subclass knows its {@link ExitStatus}; this root, no more specific than
 * {@link ExitStatus#FAILED}, leaves it to its cause.
 */
public class CronException extends RuntimeException implements ExitStatus {
    private static final long serialVersionUID = 1L;

    public CronException(String message) {
        super(message);
    }

    public CronException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return FAILED;
    }
}
