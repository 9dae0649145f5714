package nightshift.cli;

/** An input file that does not exist or cannot be read: exit 66. */
public class MissingInputException extends CommandException {
    public MissingInputException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return NO_INPUT;
    }
}
