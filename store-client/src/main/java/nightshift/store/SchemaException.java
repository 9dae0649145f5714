package nightshift.store;

/** The store's schema is missing, or newer than this client knows. */
public class SchemaException extends StoreException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return CONFIG;
    }
}
