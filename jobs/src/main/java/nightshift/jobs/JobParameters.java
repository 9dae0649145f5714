package nightshift.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A job's parameters are its picocli {@code @Option} and {@code @Parameters} fields; a job without any takes no
 * arguments. This is where arguments are put into a job instance, the same way for the command line, the
 * scheduler and tests.
 */
public final class JobParameters {
    private JobParameters() {
    }

    /** The picocli command of a job instance, named after the job (for parsing and for usage help). */
    public static CommandLine command(String name, Job job) {
        CommandSpec spec = CommandSpec.forAnnotatedObjectLenient(job);
        spec.name(name);
        return new CommandLine(spec);
    }

    /**
     * Sets {@code args} into a fresh instance of the job; picocli's {@code ParameterException} (a user mistake:
     * an unknown option, a bad value) when they do not fit.
     */
    public static Job parse(JobDescriptor job, String... args) {
        Job instance = job.newInstance();
        command(job.name(), instance).parseArgs(args);
        return instance;
    }

    /** A request whose every attempt gets a fresh instance with these arguments (checked now, once). */
    public static RunRequest request(JobDescriptor job, String user, String... args) {
        parse(job, args);
        return RunRequest.of(job.name(), () -> parse(job, args), user).withParameters(String.join(" ", args));
    }
}
