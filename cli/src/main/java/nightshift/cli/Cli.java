package nightshift.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nightshift.jobs.Job;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.JobParameters;
import nightshift.jobs.RunResult;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds and runs one {@code nightshift} invocation: parses, configures logging, runs, maps failures to exit
 * codes and one-line messages. In-process tests call {@link #execute} with their own environment and writers.
 */
public final class Cli {
    private Cli() {
    }

    public static int execute(String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        return execute(new Nightshift(env, home), args, env, home, out, err);
    }

    /** Runs one invocation with this root (the scheduler's firings pass one of {@link Nightshift#forFiring}). */
    static int execute(Nightshift root, String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        try {
            String unknown = unknownCommand(args);
            if (unknown != null) {
                err.println("nightshift: unknown command '" + unknown + "'"
                        + Suggestions.didYouMean(unknown, Nightshift.SUBCOMMANDS.keySet(), "nightshift ") + " (commands: "
                        + String.join(", ", Nightshift.SUBCOMMANDS.keySet()) + "; see: nightshift --help)");
                return ExitCode.USAGE;
            }
            CommandLine cl = command(root, out, err, args);
            ScriptCommand.describeOptionsInHelp(cl, root, args);
            Optional<JobDescriptor> job = jobOf(cl, root, args);
            if (job.isPresent()) {
                RunCommand run = (RunCommand) cl.getSubcommands().get("run").getCommand();
                JobDescriptor descriptor = job.get();
                run.attach(descriptor, () -> freshJob(args, env, home, descriptor));
                attachMixin(cl.getSubcommands().get("run"), run.firstInstance());
            }
            return cl.execute(args);
        } catch (RuntimeException e) {
            // failures before parsing, such as an unknown job or a configuration file that does not exist
            return fail(root, err, e);
        } finally {
            root.close();
            out.flush();
            err.flush();
        }
    }

    private static CommandLine command(Nightshift root, PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = tree(root, args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> configureLoggingThenRun(root, parsed));
        cl.setParameterExceptionHandler((e, unused) -> usageError(err, e));
        cl.setExecutionExceptionHandler((e, failed, parsed) -> fail(root, err, e));
        return cl;
    }

    /** Configures logging from the parsed -q, -v and --log-file, then runs the command. */
    private static int configureLoggingThenRun(Nightshift root, ParseResult parsed) {
        if (!root.embedded()) {
            try {
                Logging.configure(root.quiet, root.verbose, root.logFile);
            } catch (UnwritableOutputException e) {
                return fail(root, root.err(), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** A malformed command line: one line, with the nearest name for a mistyped one, naming the command's help; exit 64. */
    private static int usageError(PrintWriter err, CommandLine.ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            message = unmatched(spec, unmatched.getUnmatched().get(0), message);
        }
        err.println("nightshift: " + message + " (see: " + helpCommand(spec) + ")");
        return ExitCode.USAGE;
    }

    /** What picocli says of a word it could not place, with the nearest option or command it may have meant. */
    private static String unmatched(CommandSpec spec, String word, String message) {
        if (word.startsWith("-")) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            String said = message + Suggestions.didYouMean(name, spec.optionsMap().keySet(), "");
            if (spec.userObject() instanceof ScriptCommand script) {
                said += "; a script's own options go after `--`: nightshift script "
                        + (script.file == null ? "FILE.java" : script.file) + " --as USER -- " + word;
            }
            return said;
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command '" + word + "' for " + spec.qualifiedName()
                    + Suggestions.didYouMean(word, spec.subcommands().keySet(), spec.qualifiedName() + " ")
                    + " (commands: " + String.join(", ", spec.subcommands().keySet()) + ")";
        }
        return message;
    }

    /** The command line that shows the help a user needs: a job's or a script's options with it. */
    static String helpCommand(CommandSpec spec) {
        if (spec.userObject() instanceof ScriptCommand script && script.file != null) {
            return "nightshift script " + script.file + " --help";
        }
        if (spec.userObject() instanceof RunCommand run && run.job != null) {
            return "nightshift run " + run.job + " --help";
        }
        return spec.qualifiedName() + " --help";
    }

    /**
     * The command tree for these arguments: the root with only the subcommand they name (the first token that is a
     * subcommand's name and not a global option's value), or with all of them when they name none (help, version,
     * a typo, which picocli then reports with the list).
     */
    static CommandLine tree(Nightshift root, String[] args) {
        CommandLine cl = new CommandLine(root);
        String named = subcommandNamed(args);
        for (String name : Nightshift.SUBCOMMANDS.keySet()) {
            if (named == null || name.equals(named)) {
                cl.addSubcommand(name, Nightshift.SUBCOMMANDS.get(name));
            }
        }
        return cl;
    }

    /** The subcommand these arguments name: the first token that is one's name and not a global option's value. */
    static String subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (Nightshift.VALUED_OPTIONS.contains(args[i])) {
                i++;
            } else if (Nightshift.SUBCOMMANDS.containsKey(args[i])) {
                return args[i];
            } else if (!args[i].startsWith("-")) {
                return null;
            }
        }
        return null;
    }

    /**
     * The first word of the command line that should name a command and names none (whatever follows it, {@code
     * --help} included: help for a command that does not exist would hide the typo), or null.
     */
    static String unknownCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (Nightshift.VALUED_OPTIONS.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Nightshift.SUBCOMMANDS.containsKey(args[i]) ? null : args[i];
            }
        }
        return null;
    }

    /** One line on stderr (stack trace only with -v, and into the log file), and the exit code for the failure. */
    static int fail(Nightshift root, PrintWriter err, Throwable e) {
        if (e instanceof CommandException command) {
            command.details().forEach(err::println);
        }
        err.println("nightshift: " + oneLine(e));
        if (root.verbose) {
            e.printStackTrace(err);
        }
        LoggerFactory.getLogger(Logging.FAILURES).error("command failed", e);
        return ExitCode.of(e);
    }

    /** The failure's message up to its first line break (the rest is for -v), or its class when it has none. */
    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Reports how a run ended and returns the exit code: shared by run and script. */
    static int report(Nightshift root, RunResult result) {
        PrintWriter out = root.out();
        switch (result.status()) {
            case SUCCEEDED:
                if (!root.quiet) {
                    out.println(result.describe());
                    if (result.note() != null && !result.note().isBlank()) {
                        out.println("  " + result.note());
                    }
                    if (result.dryRun()) {
                        for (Map.Entry<String, List<String>> kind : result.changes().samples().entrySet()) {
                            for (String path : kind.getValue()) {
                                out.println("  would be " + kind.getKey() + ": " + path);
                            }
                        }
                    }
                }
                return ExitCode.OK;
            case SKIPPED:
                if (!root.quiet) {
                    out.println(result.describe());
                }
                return ExitCode.OK;
            case CONFLICT:
                root.err().println("nightshift: " + ConflictMessage.of(result));
                if (root.verbose && result.error() != null) {
                    result.error().printStackTrace(root.err());
                }
                LoggerFactory.getLogger(Logging.FAILURES).error("run {} conflicted", result.runId(), result.error());
                return ExitCode.TEMPORARY;
            case TIMED_OUT:
                fail(root, root.err(), result.error());
                return ExitCode.TEMPORARY;
            default:
                root.err().println("nightshift: " + result.describe());
                if (root.verbose && result.error() != null) {
                    result.error().printStackTrace(root.err());
                }
                LoggerFactory.getLogger(Logging.FAILURES).error("run {} failed", result.runId(), result.error());
                return result.error() == null ? ExitCode.JOB_FAILED : ExitCode.of(result.error());
        }
    }

    /**
     * The job a {@code run} invocation names, found before the real parse so that the job's own options can join
     * the run command's (and show in {@code nightshift run JOB --help}): a lenient parse of the same tree, which
     * the real parse then repeats from scratch (picocli resets every option first).
     */
    private static Optional<JobDescriptor> jobOf(CommandLine cl, Nightshift root, String[] args) {
        if (!cl.getSubcommands().containsKey("run")) {
            return Optional.empty();
        }
        ParseResult parsed = lenientParse(cl, args);
        if (parsed == null || !parsed.hasSubcommand() || !parsed.subcommand().commandSpec().name().equals("run")
                || !parsed.subcommand().hasMatchedPositional(0)) {
            return Optional.empty();
        }
        String name = parsed.subcommand().matchedPositional(0).getValue();
        return Optional.of(root.catalog().find(name));
    }

    /** A parse that takes what it does not know as positional parameters; null when even that fails. */
    static ParseResult lenientParse(CommandLine cl, String[] args) {
        lenient(cl, true);
        try {
            return cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return null; // the real parse reports it
        } finally {
            lenient(cl, false);
        }
    }

    private static void lenient(CommandLine cl, boolean on) {
        cl.setUnmatchedArgumentsAllowed(on);
        cl.setUnmatchedOptionsArePositionalParams(on);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.setUnmatchedArgumentsAllowed(on);
            sub.setUnmatchedOptionsArePositionalParams(on);
        }
    }

    private static void attachMixin(CommandLine run, Job instance) {
        if (!JobParameters.declared(instance.getClass())) {
            return;
        }
        CommandSpec jobSpec = CommandSpec.forAnnotatedObjectLenient(instance);
        run.getCommandSpec().addMixin("job", jobSpec);
    }

    /**
     * Parses a {@code run} command line with the job's options, as an invocation would, without running anything:
     * throws picocli's {@code ParameterException} for an unknown option, a missing {@code --as}, a bad value.
     */
    static void checkRunArguments(String[] args, Map<String, String> env, Path home, JobDescriptor descriptor) {
        freshJob(args, env, home, descriptor);
    }

    /** A fresh job instance with the invocation's arguments: the whole command line parsed again around it. */
    private static Job freshJob(String[] args, Map<String, String> env, Path home, JobDescriptor descriptor) {
        Nightshift again = new Nightshift(env, home);
        CommandLine cl = tree(again, args);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Job job = descriptor.newInstance();
        attachMixin(cl.getSubcommands().get("run"), job);
        cl.parseArgs(args);
        return job;
    }
}
