package nightshift.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import nightshift.jobs.Job;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift run JOB --as USER [options] [job options]}: one run of a job, as one transaction. The job's own
 * options join it by their annotations ({@link Cli}).
 */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run a job as a user: everything it does commits as one transaction, or nothing does.",
            "The job's own options follow the run options; `nightshift run JOB --help` lists them."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "the job's name (see `nightshift jobs`) or its class name")
    String job;

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    private JobDescriptor descriptor;
    private Supplier<Job> factory;
    private Job first;

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
        RunRequest request = options.request(root, d.name(), instances, jobParameters());
        RunResult result = root.run(request);
        return Cli.report(root, result);
    }
}
