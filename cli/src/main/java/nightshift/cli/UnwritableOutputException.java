package nightshift.cli;

/** An output file the command was told to write cannot be created or written to: exit 73. */
public class UnwritableOutputException extends CommandException {
    public UnwritableOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return CANT_CREATE;
    }
}
