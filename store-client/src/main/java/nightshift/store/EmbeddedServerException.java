package nightshift.store;

/**
 * The embedded store server could not be installed, initialized, started, reached or stopped.
 * The message names the file to read (usually the server log) or what to change.
 */
public class EmbeddedServerException extends StoreException {

    public EmbeddedServerException(String message) {
        super(message);
    }

    public EmbeddedServerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return UNAVAILABLE;
    }
}
