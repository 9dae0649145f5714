package nightshift.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.JobDescriptor;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.NoSuchJobException;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift demo}: a tour on the configured store (by default the embedded server): init, two users, a job
 * run as a user, a dry run, a refused run, and the history. Safe to run again: each run writes a new batch folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A short tour: users, a job run as a user, a dry run, a refused run, the history.",
            "Runs on the configured store (by default the embedded server, started if needed):",
            "init, users editor (Editor) and reader (Reader), the folder /demo, then the job create-news run as",
            "editor, a dry run of it, a run as reader that is refused, the content jobs (create an Event,",
            "reindex, build-listing, export-static as reader into --site), and the run history. Safe to run",
            "again: every run writes a new batch folder under /demo. The example job and type come from the",
            "examples jar in the directory NIGHTSHIFT_EXAMPLES names (./nightshift sets it to examples/target)."})
final class DemoCommand implements Callable<Integer> {
    static final String JOB = "create-news";
    static final String FOLDER = "/demo";
    static final String EVENTS = FOLDER + "/events";
    /** The environment variable naming the directory of the examples jar, which holds the demo's job and type. */
    static final String EXAMPLES = "NIGHTSHIFT_EXAMPLES";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "documents in the batch (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--site", paramLabel = "DIR",
            description = "where export-static writes the demo site (default: ~/.local/share/nightshift/demo-site)")
    Path site;

    @Spec
    CommandSpec spec;

    private Nightshift root;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new BadUsageException("--count must be at least 1, was " + count);
        }
        root = Nightshift.of(spec);
        JobDescriptor job = exampleJob();
        say("1. init: the schema, the root folder and the administrator");
        InitCommand.initialize(root, InitCommand.DEFAULT_ADMIN).forEach(line -> say("   " + line));
        Store store = root.store();
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        say("2. users: editor (Editor) and reader (Reader)");
        InitCommand.ensureUser(dir, "editor", "Demo editor", Role.EDITOR).forEach(line -> say("   " + line));
        InitCommand.ensureUser(dir, "reader", "Demo reader", Role.READER).forEach(line -> say("   " + line));
        try (Session s = store.openSession()) {
            if (s.exists(FOLDER)) {
                say("3. folder " + FOLDER + " is there");
            } else {
                s.create(s.root(), FOLDER.substring(1), Folder.titled("Demo"));
                long tid = s.commit(TxInfo.system("nightshift demo: create " + FOLDER));
                say("3. created folder " + FOLDER + " as system (tid " + tid + ")");
            }
        }

        JobRunner runner = root.runner();
        String batch = "batch-" + STAMP.format(Instant.now());
        say("4. run job " + JOB + " as editor: " + count + " documents in " + FOLDER + "/" + batch + ", one transaction");
        RunResult run = runner.run(request(job, "editor", batch, false));
        say("   " + run.describe());
        if (!run.succeeded()) {
            return Cli.report(root, run);
        }

        String preview = batch + "-preview";
        say("5. the same job as a dry run: everything runs, then aborts instead of committing");
        RunResult dry = runner.run(request(job, "editor", preview, true));
        say("   " + dry.describe());
        if (!dry.succeeded()) {
            return Cli.report(root, dry);
        }

        String refusedBatch = batch + "-reader";
        say("6. the same job as reader, who may only view: refused");
        RunResult refused = runner.run(request(job, "reader", refusedBatch, false));
        boolean written;
        try (Session s = store.openSession()) {
            written = s.exists(FOLDER + "/" + refusedBatch);
        }
        if (refused.status() == RunStatus.SUCCEEDED || written) {
            root.err().println("nightshift: demo: the run as reader was not refused: " + refused.describe());
            return ExitCode.JOB_FAILED;
        }
        say("   " + refused.describe());
        say("   `nightshift run " + JOB + " --as reader` exits " + ExitCode.of(refused.error()) + "; nothing was written");

        Integer failed = contentJobs(store, runner, batch);
        if (failed != null) {
            return failed;
        }

        say("8. the run history (`nightshift history`):");
        if (!root.quiet) {
            HistoryCommand.printTable(root.out(), RunHistory.of(store).list(null, null, 10));
            say("");
            say("Look at what the job wrote: nightshift store ls " + FOLDER + "/" + batch);
        }
        return ExitCode.OK;
    }

    /**
     * The demo's job, from the examples jar that {@value #EXAMPLES} names (set by {@code ./nightshift}) or from --lib;
     * looked up before anything is written, so a demo without the examples leaves the store as it was.
     */
    private JobDescriptor exampleJob() {
        String examples = root.env().get(EXAMPLES);
        if (examples != null && !examples.isBlank()) {
            Path dir = Path.of(examples);
            if (!Files.isDirectory(dir)) {
                throw new ConfigException(EXAMPLES + "=" + examples + " is not a directory: point it at the directory"
                        + " of the examples jar (examples/target, built by ./mvnw package), or run ./nightshift demo");
            }
            root.addLibrary(dir);
        }
        try {
            return root.catalog().find(JOB);
        } catch (NoSuchJobException e) {
            throw new BadUsageException("the demo runs the example job " + JOB + " from the examples jar, which is"
                    + " not loaded: run ./nightshift demo (it sets " + EXAMPLES + " to its examples/target), or give"
                    + " --lib DIR with the examples jar");
        }
    }

    /** Step 7: the content jobs on /demo; the failing run's exit code, or null when all succeeded. */
    private Integer contentJobs(Store store, JobRunner runner, String batch) {
        try (Session s = store.openSession()) {
            if (!s.exists(EVENTS)) {
                s.create(s.get(FOLDER), "events", Folder.titled("Events").withAllowedTypes(List.of("Event")));
                s.commit(TxInfo.system("nightshift demo: create " + EVENTS));
            }
        }
        Path out = site != null ? site : root.directories().data().resolve("demo-site");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        say("7. the content jobs: create an Event (an example type) in " + EVENTS + ", which allows only events;");
        say("   reindex " + FOLDER + "; build the listing " + FOLDER + "/latest; export " + FOLDER + " as reader to " + out);
        String[][] runs = {
            {"create", "editor", "--in", EVENTS, "--type", "Event", "--name", "event-" + batch.substring("batch-".length()),
                "--set", "title=Demo event", "--set", "start=" + today, "--set", "end=" + today, "--set", "location=Demo hall"},
            {"reindex", "editor", "--path", FOLDER, "--incremental"},
            {"build-listing", "editor", "--folder", FOLDER, "--limit", "5"},
            {"export-static", "reader", "--path", FOLDER, "--out", out.toString()},
        };
        for (String[] r : runs) {
            RunResult result = runner.run(JobParameters.request(root.catalog().find(r[0]), r[1],
                    java.util.Arrays.copyOfRange(r, 2, r.length)).toBuilder().startedBy("demo").build());
            say("   " + r[0] + ": " + result.describe());
            if (!result.succeeded()) {
                return Cli.report(root, result);
            }
        }
        say("   open " + out.resolve("index.html"));
        return null;
    }

    private nightshift.jobs.RunRequest request(JobDescriptor job, String user, String batch, boolean dryRun) {
        return JobParameters.request(job, user, "--folder", FOLDER, "--count", String.valueOf(count), "--batch", batch)
                .toBuilder().dryRun(dryRun).startedBy("demo").build();
    }

    private void say(String line) {
        if (!root.quiet) {
            PrintWriter out = root.out();
            out.println(line);
        }
    }
}
