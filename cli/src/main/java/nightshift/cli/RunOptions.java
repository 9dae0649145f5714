package nightshift.cli;

import java.time.Duration;
import java.util.function.Supplier;
import nightshift.jobs.IfRunning;
import nightshift.jobs.Job;
import nightshift.jobs.RunRequest;
import picocli.CommandLine.Option;

/** The options of a run, shared by {@code run} and {@code script} (their mixin "options"). */
final class RunOptions {
    @Option(names = "--as", required = true, paramLabel = "USER", description = "the store user the job acts as")
    String user;

    @Option(names = "--dry-run", description = "run the job, then abort instead of committing, and report what it would have changed")
    boolean dryRun;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "attempts when the commit conflicts with another writer (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "abort the run after this long, committing nothing (e.g. 90s, 30m, 2h)")
    Duration timeout;

    @Option(names = "--if-running", paramLabel = "skip|wait|fail", defaultValue = "skip",
            description = "when another run holds the job's lock: skip (exit 0), wait, or fail (exit 75) (default: ${DEFAULT-VALUE})")
    IfRunning ifRunning;

    @Option(names = "--lock-key", paramLabel = "KEY",
            description = "lock on this key instead of the job's name, so that runs for different sites may overlap")
    String lockKey;

    @Option(names = "--started-by", paramLabel = "NAME",
            description = "who or what starts the run, for its record and `status` (default: NIGHTSHIFT_STARTED_BY, else"
                    + " manual at a terminal, cron without one)")
    String startedBy;

    RunRequest request(Nightshift root, String jobName, Supplier<? extends Job> instances, String parameters) {
        if (retries < 1) {
            throw new BadUsageException("--retries must be at least 1, was " + retries);
        }
        String by = StartedBy.of(startedBy, root.env(), ProgressDisplay.terminal());
        return RunRequest.builder(jobName, instances, user).dryRun(dryRun).retries(retries).timeout(timeout)
                .ifRunning(ifRunning).lockKey(lockKey).startedBy(by).parameters(parameters).build();
    }
}
