package nightshift.cli;

/** Input the user gave that cannot be used as it is (a malformed script, a bad value in a file): exit 65. */
public class BadInputException extends CommandException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
