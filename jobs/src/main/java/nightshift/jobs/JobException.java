package nightshift.jobs;

/** The root of the errors the job layer raises (the store's and the security layer's pass through as they are). */
public class JobException extends RuntimeException {
    public JobException(String message) {
        super(message);
    }

    public JobException(String message, Throwable cause) {
        super(message, cause);
    }
}
