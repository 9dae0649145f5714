package nightshift.cron;

/** The root of the scheduler's failures. */
public class CronException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CronException(String message) {
        super(message);
    }

    public CronException(String message, Throwable cause) {
        super(message, cause);
    }
}
