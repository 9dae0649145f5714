package nightshift.jobs;

import java.util.Optional;
import java.util.OptionalLong;
import nightshift.store.ChangeSummary;

/**
 * How a run ended: its status, attempts, the tid it committed (none for a dry run, a run that changed nothing, or
 * one that failed), what it changed (or would have, for a dry run), when it did not succeed, why, and the job's
 * note (what it reports of itself, e.g. a reindex's counts), if it succeeded and left one.
 */
public record RunResult(String runId, String jobName, RunStatus status, int attempts, OptionalLong tid,
        ChangeSummary changes, boolean dryRun, Throwable error, String note) {
    public RunResult(String runId, String jobName, RunStatus status, int attempts, OptionalLong tid,
            ChangeSummary changes, boolean dryRun, Throwable error) {
        this(runId, jobName, status, attempts, tid, changes, dryRun, error, null);
    }

    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(error);
    }

    /** One line for a person: what happened. */
    public String describe() {
        String what = "run " + runId + " of " + jobName + " ";
        switch (status) {
            case SUCCEEDED:
                if (dryRun) {
                    return what + "(dry run) would have created " + changes.created() + ", modified " + changes.modified()
                            + ", deleted " + changes.deleted() + ", moved " + changes.moved() + "; nothing was committed";
                }
                return what + (tid.isPresent() ? "committed tid " + tid.getAsLong() + ": created " + changes.created()
                        + ", modified " + changes.modified() + ", deleted " + changes.deleted() + ", moved " + changes.moved()
                        : "succeeded and changed nothing") + (attempts > 1 ? " (" + attempts + " attempts)" : "");
            case SKIPPED:
                return what + "skipped: " + (error != null ? error.getMessage() : "another run holds its lock");
            default:
                return what + status.name().toLowerCase().replace('_', ' ')
                        + (attempts == 0 ? "" : " after " + attempts + " attempt" + (attempts == 1 ? "" : "s"))
                        + (error != null ? ": " + error.getMessage() : "");
        }
    }
}
