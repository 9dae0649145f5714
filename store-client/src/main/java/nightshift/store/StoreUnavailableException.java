package nightshift.store;

/** The PostgreSQL server behind the store could not be reached or refused the connection. */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return UNAVAILABLE;
    }
}
