package nightshift.jobs;

import nightshift.store.ExitStatus;

/**
 * The root of the errors the job layer raises (the store's and the security layer's pass through as they are). Each
 * subclass knows its {@link ExitStatus}; this root, no more specific than {@link ExitStatus#FAILED}, leaves it to its
 * cause.
 */
public class JobException extends RuntimeException implements ExitStatus {
    public JobException(String message) {
        super(message);
    }

    public JobException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return FAILED;
    }
}
