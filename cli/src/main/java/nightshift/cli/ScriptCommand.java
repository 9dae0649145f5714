package nightshift.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.JobInfo;
import nightshift.jobs.JobParameters;
import nightshift.jobs.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nightshift script FILE.java --as USER [-- ARGS]}: compile one source file in memory and run its job. */
@Command(name = "script", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile one Java source file in memory and run the job it holds, exactly as `run` would:",
            "the file holds one public class implementing nightshift.jobs.Job; the job's own arguments follow `--`."})
final class ScriptCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.java", description = "the script")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the job's arguments, after --")
    List<String> args = new ArrayList<>();

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

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
        RunResult result = root.run(options.request(root, job.name(), () -> JobParameters.parse(job, jobArgs),
                String.join(" ", jobArgs)));
        return Cli.report(root, result);
    }
}
