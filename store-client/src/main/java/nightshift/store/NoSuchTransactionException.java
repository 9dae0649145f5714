package nightshift.store;

/** A transaction that is not in the store: never committed, or its history was removed by pack. */
public class NoSuchTransactionException extends StoreException {
    public NoSuchTransactionException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
