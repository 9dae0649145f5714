package nightshift.store;

/** The store configuration is impossible: a missing URL, an unreadable or too-open password file. */
public class StoreConfigException extends StoreException {
    public StoreConfigException(String message) {
        super(message);
    }

    public StoreConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return CONFIG;
    }
}
