package nightshift.store.catalog;

import java.util.List;
import nightshift.store.StoreException;

/** A strict reindex met nodes whose state could not be decoded; nothing of it was applied. */
public class UnreadableNodesException extends StoreException {
    private final List<String> paths;

    public UnreadableNodesException(List<String> paths, Throwable first) {
        super("cannot index " + paths.size() + " node(s) whose state cannot be decoded: " + String.join(", ", paths)
                + "; fix or delete them, or reindex without --strict to skip them", first);
        this.paths = List.copyOf(paths);
    }

    public List<String> paths() {
        return paths;
    }
}
