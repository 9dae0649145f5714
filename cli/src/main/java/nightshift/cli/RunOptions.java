package nightshift.cli;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import nightshift.jobs.IfRunning;
import nightshift.jobs.Job;
import nightshift.jobs.RunRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The options of a run, shared by {@code run} and {@code script}: declared in code, see {@link DeclaredOptions}. */
final class RunOptions {
    String user;
    boolean dryRun;
    int retries;
    Duration timeout;
    IfRunning ifRunning;
    String lockKey;

    /**
     * The model of a command that runs a job ({@code run}, {@code script}), bound to {@code command}: its positional
     * parameters, then these options (the mixin "options", bound to {@code options}), then help, listed in that order.
     */
    static CommandSpec command(Object command, String name, RunOptions options, List<PositionalParamSpec> parameters,
            String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().sortOptions(false).description(description);
        for (PositionalParamSpec parameter : parameters) {
            spec.addPositional(parameter);
        }
        spec.addMixin("options", commandSpec(options));
        DeclaredOptions.addStandardHelpOptions(spec);
        return spec;
    }

    /** The options' model, bound to {@code options}: a command adds it as its mixin "options". */
    static CommandSpec commandSpec(RunOptions options) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(options);
        spec.addOption(DeclaredOptions.option(options, "user", String.class, "--as").required(true).paramLabel("USER")
                .description("the store user the job acts as").build());
        spec.addOption(DeclaredOptions.option(options, "dryRun", boolean.class, "--dry-run")
                .description("run the job, then abort instead of committing, and report what it would have changed").build());
        spec.addOption(DeclaredOptions.option(options, "retries", int.class, "--retries").paramLabel("N").defaultValue("3")
                .description("attempts when the commit conflicts with another writer (default: ${DEFAULT-VALUE})").build());
        spec.addOption(DeclaredOptions.option(options, "timeout", Duration.class, "--timeout").paramLabel("DURATION")
                .converters(new Durations()).description("abort the run after this long, committing nothing (e.g. 90s, 30m, 2h)").build());
        spec.addOption(DeclaredOptions.option(options, "ifRunning", IfRunning.class, "--if-running").paramLabel("skip|wait|fail")
                .defaultValue("skip")
                .description("when another run holds the job's lock: skip (exit 0), wait, or fail (exit 75) (default: ${DEFAULT-VALUE})").build());
        spec.addOption(DeclaredOptions.option(options, "lockKey", String.class, "--lock-key").paramLabel("KEY")
                .description("lock on this key instead of the job's name, so that runs for different sites may overlap").build());
        return spec;
    }

    RunRequest request(String jobName, Supplier<? extends Job> instances, String startedBy, String parameters) {
        if (retries < 1) {
            throw new BadUsageException("--retries must be at least 1, was " + retries);
        }
        return RunRequest.of(jobName, instances, user).withDryRun(dryRun).withRetries(retries).withTimeout(timeout)
                .withIfRunning(ifRunning).withLockKey(lockKey).withStartedBy(startedBy).withParameters(parameters);
    }
}
