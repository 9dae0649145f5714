package nightshift.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.IfRunning;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.JobInfo;
import nightshift.jobs.JobParameters;
import nightshift.jobs.RunResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nightshift script FILE.java --as USER [-- ARGS]}: compile one source file in memory and run its job. Declared
 * in code, as {@code run} is, for the options they share ({@link RunOptions}).
 */
final class ScriptCommand implements Callable<Integer> {
    Path file;
    List<String> args = new ArrayList<>();
    RunOptions options = new RunOptions();
    CommandSpec spec;

    /** The {@code script} command's model, bound to {@code script}. */
    static CommandSpec commandSpec(ScriptCommand script) {
        script.spec = RunOptions.command(script, "script", script.options, List.of(
                DeclaredOptions.positional(script, "file", Path.class, "0", "1").required(true).paramLabel("FILE.java")
                        .description("the script").build(),
                DeclaredOptions.positional(script, "args", List.class, "1..*", "0..*").auxiliaryTypes(String.class)
                        .paramLabel("ARGS").description("the job's arguments, after --").build()),
                "Compile one Java source file in memory and run the job it holds, exactly as `run` would:",
                "the file holds one public class implementing nightshift.jobs.Job; the job's own arguments follow `--`.");
        return script.spec;
    }

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new MissingInputException("script " + file + " does not exist");
        }
        Class<?> type = ScriptCompiler.compile(file, root.loader());
        JobDescriptor described = JobCatalog.describe(type);
        String name = type.isAnnotationPresent(JobInfo.class) ? described.name() : "script:" + file.getFileName();
        JobDescriptor job = new JobDescriptor(name, described.summary(), described.type());
        String[] jobArgs = args.toArray(String[]::new);
        JobParameters.parse(job, jobArgs);
        RunResult result = root.run(options.request(job.name(), () -> JobParameters.parse(job, jobArgs), "script",
                String.join(" ", jobArgs)));
        return Cli.report(root, result, options.ifRunning == IfRunning.FAIL);
    }
}
