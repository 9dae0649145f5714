package nightshift.store;

import java.util.List;

/**
 * A commit touched nodes that another transaction changed after this session's snapshot (or took a name
 * this session wanted). Nothing was written; abort and run the unit of work again in a fresh session.
 */
public class ConflictException extends StoreException {
    private final List<String> paths;
    private final String reason;

    public ConflictException(List<String> paths, String reason) {
        super("conflict: " + reason + ": " + summarize(paths)
                + "; nothing was written, abort and retry in a new session");
        this.paths = List.copyOf(paths);
        this.reason = reason;
    }

    /** What the other transaction did to the nodes, e.g. "its folder was deleted by another transaction". */
    public String reason() {
        return reason;
    }

    /** The paths (as this session saw them) of the nodes in conflict. */
    public List<String> paths() {
        return paths;
    }

    private static String summarize(List<String> paths) {
        if (paths.size() <= 5) {
            return String.join(", ", paths);
        }
        return String.join(", ", paths.subList(0, 5)) + " and " + (paths.size() - 5) + " more";
    }

    @Override
    public int exitCode() {
        return TEMPORARY;
    }
}
