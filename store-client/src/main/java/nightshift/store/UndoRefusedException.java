package nightshift.store;

import java.util.List;

/**
 * An undo that cannot be applied as a whole: later transactions changed some of the same nodes (or added nodes into
 * folders the undo would delete). Nothing was staged; undo the later transactions first, newest first, or leave it.
 */
public class UndoRefusedException extends StoreException {
    private final List<String> paths;

    /** @param what what was to be undone ({@code tid 12}, {@code run R}) */
    public UndoRefusedException(String what, List<String> paths, String reason) {
        super("cannot undo " + what + ": " + reason + ": " + String.join(", ", paths)
                + "; nothing was changed (undo the later transactions first, newest first)");
        this.paths = List.copyOf(paths);
    }

    public List<String> paths() {
        return paths;
    }

    @Override
    public int exitCode() {
        return TEMPORARY;
    }
}
