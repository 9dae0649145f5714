package nightshift.store;

/** A node holds an object of another type than the caller asked for. */
public class WrongTypeException extends StoreException {
    public WrongTypeException(String path, Class<?> expected, String actual) {
        super("node '" + path + "' holds a " + actual + ", not a " + expected.getName());
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
