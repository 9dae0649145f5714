package nightshift.store;

/** A node name or path that the store does not accept. */
public class InvalidNameException extends StoreException {
    private final String input;

    public InvalidNameException(String input, String reason) {
        super("invalid name or path '" + input + "': " + reason);
        this.input = input;
    }

    public String input() {
        return input;
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
