package nightshift.store;

/**
 * The root of every error the store raises. Unchecked: callers catch the narrow subclasses they can act on. Each
 * subclass knows its {@link ExitStatus}; this root, no more specific than {@link ExitStatus#FAILED}, leaves it to its
 * cause.
 */
public class StoreException extends RuntimeException implements ExitStatus {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return FAILED;
    }
}
