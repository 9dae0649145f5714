package nightshift.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.store.Store;
import nightshift.store.UserDirectories;
import nightshift.store.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command: global options, and the state one invocation shares between its parts (settings, store, catalog). */
@Command(name = "nightshift", mixinStandardHelpOptions = true, version = "nightshift 0.1.0",
        description = "Run maintenance and batch jobs against the object store, each as one transaction.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success (also: skipped because another run holds the job's lock)",
            " 1:the job failed",
            "64:usage error: unknown command or job, malformed option",
            "65:bad input data: a path, type or field that does not exist, an invalid or taken name, a bad script or schedule",
            "66:an input file does not exist (a script, --config, --lib, a job's input)",
            "67:unknown or disabled user",
            "69:the store cannot be reached",
            "73:an output file cannot be written (--log-file)",
            "75:try again later: conflict after the last retry, lock held (--if-running fail), timeout",
            "77:permission denied",
            "78:configuration error (settings, password file, schema missing or too new)"})
public final class Nightshift implements Callable<Integer>, AutoCloseable {
    /**
     * The subcommands by name, in the order help lists them. Added by {@link Cli} when a command line is parsed rather
     * than declared in the annotation: picocli builds every command's model up front, by reflection, and a cron run
     * of one command should not pay for the thirty others. Named here rather than read from each class's
     * {@code @Command}, which parsed a dozen classes' annotations at every start; a test keeps the two in step.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands("run", RunCommand.class, "script", ScriptCommand.class,
            "jobs", JobsCommand.class, "history", HistoryCommand.class, "status", StatusCommand.class,
            "schedule", ScheduleCommand.class, "scheduler", SchedulerCommand.class, "init", InitCommand.class,
            "users", UsersCommand.class, "store", StoreCommand.class, "server", ServerCommand.class, "demo", DemoCommand.class);

    /** Global options that take a value: their value is never a subcommand's name. */
    static final java.util.Set<String> VALUED_OPTIONS = java.util.Set.of("--store", "--store-user", "--store-password-file",
            "--config", "--store-dir", "--lib", "--log-file");

    private static Map<String, Class<?>> subcommands(Object... namesAndTypes) {
        Map<String, Class<?>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            out.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    @Option(names = "--store", paramLabel = "JDBC_URL", scope = ScopeType.INHERIT,
            description = "the store's PostgreSQL, e.g. jdbc:postgresql://db1,db2/site?targetServerType=primary (default: NIGHTSHIFT_STORE_URL, the config file, else the embedded store server)")
    String storeUrl;

    @Option(names = "--store-user", paramLabel = "USER", scope = ScopeType.INHERIT, description = "database user")
    String storeUser;

    @Option(names = "--store-password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "file holding the database password (mode 600); else NIGHTSHIFT_STORE_PASSWORD")
    Path passwordFile;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "properties file (default ~/.config/nightshift/nightshift.properties, then /etc/nightshift/nightshift.properties)")
    Path config;

    @Option(names = "--store-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "data directory of the embedded store server (default ~/.local/share/nightshift/store)")
    Path storeDirectory;

    @Option(names = "--lib", paramLabel = "JAR|DIR", scope = ScopeType.INHERIT,
            description = "application jobs and types: a jar or a directory of jars; repeatable, or several separated by the path separator (:)")
    List<String> lib;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "print nothing on success; one line on failure")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "debug logging, and stack traces of failures")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "also log to this file (with stack traces of failures)")
    Path logFile;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Path home;
    private final UserDirectories directories;
    private Settings settings;
    private ClassLoader loader;
    private Path extraLib;
    private Store store;
    private JobCatalog catalog;
    private Store shared;
    private int poolSize = Settings.ONE_SHOT;
    private UnaryOperator<RunRequest> adjust = UnaryOperator.identity();
    private Consumer<RunResult> ran = result -> { };

    /** @param home the home directory when {@code env} has no {@code HOME} */
    Nightshift(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
        this.directories = UserDirectories.of(env, home);
    }

    /**
     * The root of one scheduled firing, run in the scheduler's process: it uses the scheduler's open store (and
     * does not close it), adjusts each run request (run id, started by), hands back the result, and leaves the
     * scheduler's logging alone.
     */
    static Nightshift forFiring(Map<String, String> env, Path home, Store store, UnaryOperator<RunRequest> adjust,
            Consumer<RunResult> ran) {
        Nightshift root = new Nightshift(env, home);
        root.shared = store;
        root.adjust = adjust;
        root.ran = ran;
        return root;
    }

    Map<String, String> env() {
        return env;
    }

    /** The home directory the command runs with when its environment has no {@code HOME}. */
    Path home() {
        return home;
    }

    /** Where the user's data, configuration and cache are: by {@code $HOME} and the XDG variables. */
    UserDirectories directories() {
        return directories;
    }

    /** Connections of the store's pool, before it is opened (default {@link Settings#ONE_SHOT}: no pool until needed). */
    void poolSize(int connections) {
        this.poolSize = connections;
    }

    boolean embedded() {
        return shared != null;
    }

    /** Runs a request of {@code run} or {@code script}. */
    RunResult run(RunRequest request) {
        RunResult result = runner().run(adjust.apply(request));
        ran.accept(result);
        return result;
    }

    public static void main(String[] args) {
        // picocli's default factory looks for Groovy's Closure class when it is first used, unless told not to: no
        // command here is written in Groovy, and the lookup fails only after opening every jar of the class path.
        setIfAbsent("picocli.disable.closures", "true");
        System.exit(Cli.execute(args, System.getenv(), Path.of(System.getProperty("user.home")),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The root of the command a subcommand belongs to. */
    static Nightshift of(CommandSpec spec) {
        return (Nightshift) spec.root().userObject();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(this, env, directories);
        }
        return settings;
    }

    /**
     * Adds the jars of {@code directory} to the class loader for jobs and types, beside those of --lib: the demo's
     * examples. Only before the loader is first used.
     */
    void addLibrary(Path directory) {
        if (loader != null) {
            throw new IllegalStateException("the class loader is in use already: add a library before the store or catalog");
        }
        extraLib = directory;
    }

    /** The class loader for jobs and types: this one, plus the jars of --lib (and of {@link #addLibrary}). */
    ClassLoader loader() {
        if (loader == null) {
            ClassLoader base = Nightshift.class.getClassLoader();
            if (extraLib != null) {
                base = JobCatalog.withLibraries(extraLib, base);
            }
            loader = JobCatalog.withLibraries(settings().lib, base);
        }
        return loader;
    }

    JobCatalog catalog() {
        if (catalog == null) {
            catalog = JobCatalog.load(loader());
        }
        return catalog;
    }

    /** The store, opened on first use and closed when the command ends. */
    Store store() {
        if (shared != null) {
            return shared;
        }
        if (store == null) {
            store = Store.open(settings().storeConfig(loader(), poolSize));
        }
        return store;
    }

    JobRunner runner() {
        return JobRunner.create(store())
                // the indexers of the --lib jars too, so that their types are indexed in the job's own transaction
                .catalog(Catalog.of(store()).withIndexers(loader()))
                .retention(Duration.ofDays(settings().retentionDays))
                .progressInterval(ProgressDisplay.interval(quiet))
                .progressListener(ProgressDisplay.create(quiet, err()))
                // not for a firing: the scheduler's shutdown interrupts its thread and needs run() to return
                .runOnCallerThread(shared == null)
                .build();
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
