package nightshift.store;

/**
 * A class that is not registered with the store's type registry was written or found in a stored state.
 * Only registered classes are ever encoded or instantiated, so stored bytes cannot name arbitrary classes.
 */
public class UnregisteredTypeException extends StoreException {
    public UnregisteredTypeException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
