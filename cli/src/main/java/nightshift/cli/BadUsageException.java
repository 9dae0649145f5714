package nightshift.cli;

/** A malformed option value found after parsing (exit 64). */
public class BadUsageException extends RuntimeException {
    public BadUsageException(String message) {
        super(message);
    }
}
