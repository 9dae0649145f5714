package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import nightshift.jobs.testjobs.TouchJob;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nightshift run` and `script` through the real entry point: outcomes, exit codes, output. */
class RunCommandTest {
    private static CliHarness cli;
    private static Store store;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("cli-run");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        dir.addUser("gone", "Gone");
        dir.disable("gone");
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("site"));
            s.create(site, "counter", Document.of("counter", ""));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    @AfterEach
    void resetHook() {
        TouchJob.reset();
    }

    private static boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    private static RunRecord last(String job) {
        return RunHistory.of(store).list(job, null, 1).get(0);
    }

    @Test
    void a_successful_run_prints_one_line_and_exits_0() {
        CliHarness.Result r = cli.run("run", "create-docs", "--as", "editor", "--prefix", "ok", "--count", "2");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("created 2"), r.toString());
        assertTrue(exists("/site/ok-1"));
        assertEquals("--prefix=ok --count=2", last("create-docs").parameters());
    }

    @Test
    void quiet_prints_nothing_at_all_on_success() {
        CliHarness.Result r = cli.run("-q", "run", "create-docs", "--as", "editor", "--prefix", "quiet", "--count", "1");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("", r.out());
        assertEquals("", r.err());
        CliHarness.Result noop = cli.run("run", "noop", "--as", "reader", "-q");
        assertEquals("", noop.out() + noop.err());
    }

    @Test
    void a_failing_job_exits_1_with_one_line_and_no_stack_trace() {
        CliHarness.Result r = cli.run("run", "fail", "--as", "editor");
        assertEquals(ExitCode.JOB_FAILED, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains("the job broke on purpose"), r.toString());
        assertFalse(exists("/site/from-a-failed-job"));
        CliHarness.Result verbose = cli.run("-v", "run", "fail", "--as", "editor");
        assertTrue(verbose.err().contains("at nightshift.jobs.testjobs.FailJob.run"), "stack trace with -v");
    }

    @Test
    void usage_errors_exit_64() {
        assertEquals(ExitCode.USAGE, cli.run("run", "no-such-job", "--as", "editor").code());
        assertEquals(ExitCode.USAGE, cli.run("run", "noop", "--as", "editor", "--retries", "many").code());
        assertEquals(ExitCode.USAGE, cli.run("run", "noop", "--as", "editor", "--retries", "0").code());
        assertEquals(ExitCode.USAGE, cli.run("run", "noop", "--as", "editor", "--timeout", "soon").code());
        assertEquals(ExitCode.USAGE, cli.run("run", "create-docs", "--as", "editor", "--no-such-option").code());
        assertEquals(ExitCode.USAGE, cli.run("frobnicate").code());
        for (String[] unknown : new String[][] {{"frobnicate", "--help"}, {"frobnicate", "-h"}, {"frobnicate", "--version"},
                {"-q", "frobnicate", "--help"}, {"--store-dir", "/tmp/x", "frobnicate", "--help"}}) {
            CliHarness.Result r = cli.run(unknown);
            assertEquals(ExitCode.USAGE, r.code(), r.toString());
            assertTrue(r.err().contains("unknown command 'frobnicate'"), r.toString());
            assertEquals("", r.out(), "no help for a command that does not exist");
        }
        CliHarness.Result missingAs = cli.run("run", "noop");
        assertEquals(ExitCode.USAGE, missingAs.code());
        assertTrue(missingAs.err().contains("--as"), missingAs.toString());
    }

    @Test
    void job_options_show_in_run_help() {
        CliHarness.Result r = cli.run("run", "create-docs", "--help");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("--count") && r.out().contains("--as=USER"), r.toString());
    }

    @Test
    void bad_input_data_exits_65_and_writes_nothing() {
        CliHarness.Result r = cli.run("run", "create-docs", "--as", "editor", "--folder", "/no/such/folder");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("/no/such/folder"), r.toString());
        CliHarness.Result badName = cli.run("run", "create-docs", "--as", "editor", "--prefix", "a/b");
        assertEquals(ExitCode.DATA, badName.code(), badName.toString());
    }

    @Test
    void unknown_and_disabled_users_exit_67() {
        CliHarness.Result r = cli.run("run", "noop", "--as", "nobody");
        assertEquals(ExitCode.NO_USER, r.code(), r.toString());
        assertTrue(r.err().contains("nobody"), r.toString());
        assertEquals(ExitCode.NO_USER, cli.run("run", "noop", "--as", "gone").code());
    }

    @Test
    void permission_denied_exits_77_and_writes_nothing() {
        CliHarness.Result r = cli.run("run", "create-docs", "--as", "reader", "--prefix", "denied");
        assertEquals(ExitCode.NO_PERMISSION, r.code(), r.toString());
        assertTrue(r.err().contains("reader"), r.toString());
        assertFalse(exists("/site/denied-0"));
    }

    @Test
    void an_unreachable_store_exits_69() {
        CliHarness.Result r = cli.runExactly("--store", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2", "run", "noop", "--as", "a");
        assertEquals(ExitCode.UNAVAILABLE, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
    }

    @Test
    void configuration_errors_exit_78_and_missing_files_66(@TempDir Path dir) throws Exception {
        Path open = dir.resolve("pw");
        Files.writeString(open, "secret");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        CliHarness.Result tooOpen = cli.runExactly("--store", cli.config().url(), "--store-user", "x", "--store-password-file", open.toString(),
                "run", "noop", "--as", "editor");
        assertEquals(ExitCode.CONFIG, tooOpen.code(), tooOpen.toString());
        assertTrue(tooOpen.err().contains("chmod 600"), tooOpen.toString());
        assertFalse(tooOpen.err().contains("secret"));

        CliHarness.Result noSchema = CliHarness.forNewDatabase("cli-noschema").run("run", "noop", "--as", "editor");
        assertEquals(ExitCode.CONFIG, noSchema.code(), noSchema.toString());
        assertTrue(noSchema.err().contains("nightshift init"), noSchema.toString());

        CliHarness.Result badConfig = cli.runExactly("--config", dir.resolve("missing.properties").toString(), "jobs");
        assertEquals(ExitCode.NO_INPUT, badConfig.code(), badConfig.toString());
        CliHarness.Result missingPassword = cli.runExactly("--store", cli.config().url(), "--store-password-file",
                dir.resolve("nope").toString(), "run", "noop", "--as", "editor");
        assertEquals(ExitCode.NO_INPUT, missingPassword.code(), missingPassword.toString());
    }

    @Test
    void settings_come_from_the_environment_and_the_properties_file(@TempDir Path dir) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("NIGHTSHIFT_STORE_URL", cli.config().url());
        env.put("NIGHTSHIFT_STORE_USER", cli.config().user());
        if (TestServer.get().passwordFile() != null) {
            env.put("NIGHTSHIFT_STORE_PASSWORD_FILE", TestServer.get().passwordFile().toString());
        }
        assertEquals(ExitCode.OK, cli.runExactly(env, "run", "noop", "--as", "editor", "-q").code());

        Path props = dir.resolve("nightshift.properties");
        Files.writeString(props, "store.url=" + cli.config().url() + "\nstore.user=" + cli.config().user() + "\n"
                + (TestServer.get().passwordFile() != null ? "store.password-file=" + TestServer.get().passwordFile() + "\n" : ""));
        assertEquals(ExitCode.OK, cli.runExactly("--config", props.toString(), "run", "noop", "--as", "editor", "-q").code());
        CliHarness.Result overridden = cli.runExactly(Map.of("NIGHTSHIFT_CONFIG", props.toString()),
                "--store", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2", "run", "noop", "--as", "editor");
        assertEquals(ExitCode.UNAVAILABLE, overridden.code(), "an option beats the configuration file");
        String password = TestServer.get().password();
        assertTrue(password == null || !overridden.err().contains(password), "the password never shows");
    }

    @Test
    void the_jobs_pace_comes_from_the_properties_file_and_a_bad_one_is_a_configuration_error(@TempDir Path dir) throws Exception {
        String store = "store.url=" + cli.config().url() + "\nstore.user=" + cli.config().user() + "\n"
                + (TestServer.get().passwordFile() != null ? "store.password-file=" + TestServer.get().passwordFile() + "\n" : "");
        for (String pace : List.of("off", "200ms", "1s")) {
            Path props = dir.resolve("pace-" + pace + ".properties");
            Files.writeString(props, store + "store.pace=" + pace + "\n");
            assertEquals(ExitCode.OK, cli.runExactly("--config", props.toString(), "run", "noop", "--as", "editor", "-q").code(), pace);
        }
        Path bad = dir.resolve("bad-pace.properties");
        Files.writeString(bad, store + "store.pace=gently\n");
        CliHarness.Result refused = cli.runExactly("--config", bad.toString(), "run", "noop", "--as", "editor");
        assertEquals(ExitCode.CONFIG, refused.code(), refused.toString());
        assertTrue(refused.err().contains("store.pace") && refused.err().contains("off"), refused.toString());
    }

    @Test
    void a_conflict_is_retried_and_the_record_says_two_attempts() {
        TouchJob.interfere(store, "/site/counter", false);
        CliHarness.Result r = cli.run("run", "touch", "--as", "editor");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("2 attempts"), r.toString());
        assertEquals(2, last("touch").attempts());
    }

    @Test
    void conflicts_past_the_retries_exit_75() {
        TouchJob.interfere(store, "/site/counter", true);
        CliHarness.Result r = cli.run("run", "touch", "--as", "editor", "--retries", "2");
        assertEquals(ExitCode.TEMPORARY, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains("another writer changed the same nodes: /site/counter"), r.toString());
        assertTrue(r.err().contains("--retries 4") && !r.err().contains("new session"),
                "advice for the command line, not for code that holds a session: " + r);
        assertEquals(RunStatus.CONFLICT, last("touch").status());
        assertEquals(2, last("touch").attempts());
    }

    @Test
    void a_timeout_exits_75_and_commits_nothing() {
        CliHarness.Result r = cli.run("run", "sleep", "--as", "editor", "--millis", "10000", "--name", "clitimeout",
                "--timeout", "500ms", "--lock-key", "timeout-test");
        assertEquals(ExitCode.TEMPORARY, r.code(), r.toString());
        assertEquals(RunStatus.TIMED_OUT, last("sleep").status());
        try (Session s = store.openSession()) {
            assertTrue(s.children(s.get("/site")).noneMatch(n -> n.name().startsWith("clitimeout")));
        }
    }

    @Test
    void a_dry_run_reports_counts_and_paths_and_changes_nothing() {
        CliHarness.Result r = cli.run("run", "create-docs", "--as", "editor", "--prefix", "dry", "--count", "7", "--dry-run");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("would have created 7"), r.toString());
        assertTrue(r.out().contains("would be created: /site/dry-0"), r.toString());
        assertFalse(exists("/site/dry-0"));
    }

    @Test
    void overlapping_runs_skip_fail_or_wait() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CliHarness.Result> first = pool.submit(() -> cli.run("run", "sleep", "--as", "editor", "--millis", "3000",
                    "--name", "overlap", "--lock-key", "overlap"));
            waitForRunning("overlap");
            CliHarness.Result skipped = cli.run("-q", "run", "sleep", "--as", "editor", "--millis", "10", "--lock-key", "overlap");
            assertEquals(ExitCode.OK, skipped.code(), skipped.toString());
            assertEquals("", skipped.out() + skipped.err(), "a skip is silent under -q");
            CliHarness.Result failed = cli.run("run", "sleep", "--as", "editor", "--millis", "10", "--lock-key", "overlap",
                    "--if-running", "fail");
            assertEquals(ExitCode.TEMPORARY, failed.code(), failed.toString());
            CliHarness.Result waited = cli.run("run", "sleep", "--as", "editor", "--millis", "10", "--name", "waited",
                    "--lock-key", "overlap", "--if-running", "wait", "--timeout", "60s");
            assertEquals(ExitCode.OK, waited.code(), waited.toString());
            assertTrue(first.isDone(), "the waiting run ran after the first");
            assertEquals(ExitCode.OK, first.get().code());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitForRunning(String lockKey) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_run WHERE status = 'RUNNING' AND lock_key = '" + lockKey + "'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("no RUNNING run of " + lockKey);
    }

    @Test
    void history_and_status_show_the_runs(@TempDir Path dir) {
        cli.run("-q", "run", "noop", "--as", "editor");
        CliHarness.Result history = cli.run("history", "--job", "noop", "--limit", "5");
        assertEquals(ExitCode.OK, history.code(), history.toString());
        assertTrue(history.out().contains("noop") && history.out().contains("SUCCEEDED"), history.toString());
        CliHarness.Result json = cli.run("history", "--job", "noop", "--json");
        assertTrue(json.out().strip().startsWith("[") && json.out().contains("\"status\": \"SUCCEEDED\""), json.toString());
        CliHarness.Result ok = cli.run("status", "--max-age", "noop=1h");
        assertEquals(ExitCode.OK, ok.code(), ok.toString());
        cli.run("-q", "run", "fail", "--as", "editor");
        CliHarness.Result bad = cli.run("status");
        assertEquals(ExitCode.JOB_FAILED, bad.code(), bad.toString());
        assertTrue(bad.out().contains("fail") && bad.out().contains("PROBLEM"), bad.toString());
        CliHarness.Result never = cli.run("status", "--max-age", "never-ran=1h");
        assertEquals(ExitCode.JOB_FAILED, never.code(), never.toString());
        assertTrue(never.out().contains("never succeeded"), never.toString());
    }

    @Test
    void scripts_compile_in_memory_and_run_like_jobs(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("MakeNote.java");
        Files.writeString(script, String.join("\n",
                "import nightshift.jobs.*;",
                "import nightshift.store.content.Document;",
                "import picocli.CommandLine.Option;",
                "public class MakeNote implements Job {",
                "    @Option(names = \"--name\") String name = \"note\";",
                "    public void run(JobContext ctx) {",
                "        ctx.session().create(ctx.session().get(\"/site\"), name, Document.of(\"from a script\", \"\"));",
                "    }",
                "}"));
        CliHarness.Result r = cli.run("script", script.toString(), "--as", "editor", "--", "--name", "scripted");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(exists("/site/scripted"));
        assertEquals("cron", last("script:MakeNote.java").startedBy(), "no terminal: an unattended run");

        CliHarness.Result denied = cli.run("script", script.toString(), "--as", "reader", "--", "--name", "denied-script");
        assertEquals(ExitCode.NO_PERMISSION, denied.code(), denied.toString());
        assertFalse(exists("/site/denied-script"));

        Path broken = dir.resolve("Broken.java");
        Files.writeString(broken, "import nightshift.jobs.*;\npublic class Broken implements Job {\n  public void run(JobContext ctx) { nope(); }\n}\n");
        CliHarness.Result compile = cli.run("script", broken.toString(), "--as", "editor");
        assertEquals(ExitCode.DATA, compile.code(), compile.toString());
        assertTrue(compile.err().contains(broken + ":3: "), compile.toString());
        assertFalse(compile.err().contains("\tat "), "no stack trace");

        CliHarness.Result missing = cli.run("script", dir.resolve("Missing.java").toString(), "--as", "editor");
        assertEquals(ExitCode.NO_INPUT, missing.code(), missing.toString());
    }

    @Test
    void jobs_lists_every_job_by_name() {
        CliHarness.Result r = cli.run("jobs");
        assertEquals(ExitCode.OK, r.code());
        for (String job : List.of("noop", "create-docs", "sleep", "touch", "fail")) {
            assertTrue(r.out().contains(job), r.toString());
        }
    }
}
