package nightshift.store;

/** The root of every error the store raises. Unchecked: callers catch the narrow subclasses they can act on. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
