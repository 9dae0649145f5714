package nightshift.store;

/** A folder already has a child with that name; nodes are never silently overwritten. */
public class NameTakenException extends StoreException {
    private final String parentPath;
    private final String name;

    public NameTakenException(String parentPath, String name) {
        super("'" + name + "' already exists in '" + parentPath
                + "'; choose another name, or update or delete the existing node");
        this.parentPath = parentPath;
        this.name = name;
    }

    public String parentPath() {
        return parentPath;
    }

    public String name() {
        return name;
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
