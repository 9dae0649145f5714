package nightshift.cli;

import java.util.List;
import nightshift.jobs.RunResult;
import nightshift.store.ConflictException;

/**
 * A run that still conflicted after its last attempt, said for the command line: which nodes another writer
 * changed, and that {@code --retries} allows more attempts (the store's own advice, to abort and retry in a new
 * session, is for code that holds a session).
 */
final class ConflictMessage {
    private static final int NAMED = 3;

    private ConflictMessage() {
    }

    static String of(RunResult result) {
        String what = "run " + result.runId() + " of " + result.jobName() + " conflicted after " + result.attempts()
                + " attempt" + (result.attempts() == 1 ? "" : "s") + ": ";
        if (result.error() instanceof ConflictException conflict) {
            what += conflict.paths().isEmpty() ? "another writer held the same nodes (" + conflict.reason() + ")"
                    : "another writer changed the same nodes: " + named(conflict.paths()) + " (" + conflict.reason() + ")";
        } else {
            what += "another writer changed the same nodes";
        }
        return what + "; nothing was committed; run it again, or allow more attempts with --retries " + Math.max(2, result.attempts() * 2);
    }

    private static String named(List<String> paths) {
        if (paths.size() <= NAMED) {
            return String.join(", ", paths);
        }
        return String.join(", ", paths.subList(0, NAMED)) + " and " + (paths.size() - NAMED) + " more";
    }
}
