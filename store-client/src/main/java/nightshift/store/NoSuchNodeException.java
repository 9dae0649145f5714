package nightshift.store;

/** No node at the given path (or oid) in this session's view of the store. */
public class NoSuchNodeException extends StoreException {
    private final String path;

    public NoSuchNodeException(String path, String detail) {
        super("no such node '" + path + "'" + (detail.isEmpty() ? "" : ": " + detail));
        this.path = path;
    }

    public String path() {
        return path;
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
