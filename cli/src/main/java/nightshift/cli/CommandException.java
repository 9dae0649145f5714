package nightshift.cli;

import java.util.List;
import nightshift.store.ExitStatus;

/**
 * The root of the command's own failures: what the user gave it cannot be used. Each subclass knows its
 * {@link ExitStatus}; this root, no more specific than {@link ExitStatus#FAILED}, leaves it to its cause.
 */
public class CommandException extends RuntimeException implements ExitStatus {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return FAILED;
    }

    /** Lines printed before the one-line message, each a problem of its own (a schedule's errors); none by default. */
    public List<String> details() {
        return List.of();
    }
}
