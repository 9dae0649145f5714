package nightshift.cron;

import nightshift.jobs.RunResult;

/**
 * Runs one firing in process, through {@link nightshift.jobs.JobRunner}, with the firing's run id and "started by"
 * ({@code request.toBuilder().runId(firing.runId()).startedBy(firing.startedBy()).build()}). The command line's
 * {@code FiringHandler} parses the entry's arguments exactly as {@code nightshift run} or {@code script} would.
 */
@FunctionalInterface
public interface FiringHandler {
    RunResult run(Firing firing) throws Exception;
}
