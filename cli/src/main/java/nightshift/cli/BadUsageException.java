package nightshift.cli;

/** A malformed option value found after parsing (exit 64). */
public class BadUsageException extends CommandException {
    public BadUsageException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return USAGE;
    }
}
