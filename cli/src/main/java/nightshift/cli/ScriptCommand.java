package nightshift.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.Job;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.JobInfo;
import nightshift.jobs.JobParameters;
import nightshift.jobs.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

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
        try {
            JobParameters.parse(job, jobArgs);
        } catch (ParameterException e) {
            // said on this command, whose help (with the file) lists the script's options
            String message = e.getMessage();
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                    && unmatched.getUnmatched().get(0).startsWith("-")) {
                String word = unmatched.getUnmatched().get(0);
                message += Suggestions.didYouMean(word.contains("=") ? word.substring(0, word.indexOf('=')) : word,
                        e.getCommandLine().getCommandSpec().optionsMap().keySet(), "");
            }
            throw new ParameterException(spec.commandLine(), message, e);
        }
        RunResult result = root.run(options.request(root, job.name(), () -> JobParameters.parse(job, jobArgs),
                String.join(" ", jobArgs)));
        return Cli.report(root, result);
    }

    /**
     * {@code script FILE --help}: the script's own options join the help, below the run options, when the file
     * compiles (its job is built for that, never run).
     */
    static void describeOptionsInHelp(CommandLine cl, Nightshift root, String[] args) {
        CommandLine script = cl.getSubcommands().get("script");
        if (script == null || !(List.of(args).contains("--help") || List.of(args).contains("-h"))) {
            return;
        }
        ParseResult parsed = Cli.lenientParse(cl, args);
        if (parsed == null || !parsed.hasSubcommand() || !parsed.subcommand().isUsageHelpRequested()
                || !parsed.subcommand().hasMatchedPositional(0)) {
            return;
        }
        Path file = parsed.subcommand().matchedPositional(0).getValue();
        if (!Files.isRegularFile(file)) {
            return;
        }
        String footer;
        try {
            Class<?> type = ScriptCompiler.compile(file, root.loader());
            Job job = JobCatalog.describe(type).newInstance();
            if (JobParameters.declared(type)) {
                CommandLine.Help help = JobParameters.command(file.getFileName().toString(), job).getHelp();
                footer = "%nThe options of " + file + " (give them after `--`):%n"
                        + (help.parameterList() + help.optionList()).replace("%", "%%");
            } else {
                footer = "%n" + file + " takes no options of its own.%n";
            }
        } catch (RuntimeException e) {
            footer = "%n" + file + " does not compile, so its own options cannot be listed: "
                    + Cli.oneLine(e).replace("%", "%%") + "%n";
        }
        script.getCommandSpec().usageMessage().footer(footer);
    }
}
