package nightshift.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import nightshift.jobs.IfRunning;
import nightshift.jobs.Job;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code nightshift run JOB --as USER [options] [job options]}: one run of a job, as one transaction. Declared in
 * code ({@link DeclaredOptions}); the job's own options join it by their annotations ({@link Cli}).
 */
final class RunCommand implements Callable<Integer> {
    String job;
    RunOptions options = new RunOptions();
    CommandSpec spec;

    private JobDescriptor descriptor;
    private Supplier<Job> factory;
    private Job first;

    /** The {@code run} command's model, bound to {@code run}. */
    static CommandSpec commandSpec(RunCommand run) {
        run.spec = RunOptions.command(run, "run", run.options,
                List.of(DeclaredOptions.positional(run, "job", String.class, "0", "1").required(true).paramLabel("JOB")
                        .description("the job's name (see `nightshift jobs`) or its class name").build()),
                "Run a job as a user: everything it does commits as one transaction, or nothing does.",
                "The job's own options follow the run options; `nightshift run JOB --help` lists them.");
        return run.spec;
    }

    /** The job's own options as given (never the global ones, which may hold a store URL): for the run record. */
    private String jobParameters() {
        CommandSpec jobSpec = spec.mixins().get("job");
        if (jobSpec == null) {
            return "";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (jobSpec.options().contains(o)) {
                parts.add(o.longestName() + (o.arity().max() == 0 ? "" : "=" + String.join(",", o.originalStringValues())));
            }
        }
        for (PositionalParamSpec p : parsed.matchedPositionals()) {
            if (jobSpec.positionalParameters().contains(p)) {
                parts.addAll(p.originalStringValues());
            }
        }
        return String.join(" ", parts);
    }

    void attach(JobDescriptor job, Supplier<Job> fresh) {
        this.descriptor = job;
        this.factory = fresh;
        this.first = job.newInstance();
    }

    Job firstInstance() {
        return first;
    }

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        JobDescriptor d = descriptor != null ? descriptor : root.catalog().find(job);
        Supplier<Job> instances = factory;
        if (instances == null) {
            instances = d::newInstance;
        } else {
            Job parsed = first;
            Supplier<Job> reparse = factory;
            instances = new Supplier<>() {
                private boolean firstUsed;

                @Override
                public Job get() {
                    if (!firstUsed) {
                        firstUsed = true;
                        return parsed;
                    }
                    return reparse.get();
                }
            };
        }
        RunRequest request = options.request(d.name(), instances, "cli", jobParameters());
        RunResult result = root.run(request);
        return Cli.report(root, result, options.ifRunning == IfRunning.FAIL);
    }
}
