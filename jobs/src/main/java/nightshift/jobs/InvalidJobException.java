package nightshift.jobs;

/** A class named as a job that cannot be one: it does not implement {@link Job}, or cannot be instantiated. */
public class InvalidJobException extends JobException {
    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return USAGE;
    }
}
