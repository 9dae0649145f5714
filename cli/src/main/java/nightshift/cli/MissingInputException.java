package nightshift.cli;

/** An input file that does not exist or cannot be read: exit 66. */
public class MissingInputException extends RuntimeException {
    public MissingInputException(String message) {
        super(message);
    }
}
