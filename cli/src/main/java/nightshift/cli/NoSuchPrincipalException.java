package nightshift.cli;

/** A user or group the command names does not exist: exit 67. */
public class NoSuchPrincipalException extends CommandException {
    public NoSuchPrincipalException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return NO_USER;
    }
}
