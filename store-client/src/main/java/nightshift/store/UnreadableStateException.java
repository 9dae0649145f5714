package nightshift.store;

/** A stored state could not be decoded with the classes and registrations of this client. */
public class UnreadableStateException extends StoreException {
    private final long oid;
    private final String path;

    public UnreadableStateException(long oid, String path, String type, Throwable cause) {
        super("cannot decode the state of node " + oid + " at '" + path + "' (type " + type + "): "
                + rootMessage(cause) + "; check that this client has the same version of the class registered", cause);
        this.oid = oid;
        this.path = path;
    }

    public long oid() {
        return oid;
    }

    public String path() {
        return path;
    }

    private static String rootMessage(Throwable t) {
        String msg = t.getMessage();
        if (msg == null) {
            return t.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
