package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nightshift.jobs.IfRunning;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The options of the root, {@code run} and {@code script}: they bind to the commands' fields, with their defaults,
 * required parameters, inherited global options and help.
 */
class CommandOptionsTest {
    private static final CliHarness cli = CliHarness.withoutStore();

    private static CommandLine parsed(Nightshift root, String... args) {
        CommandLine cl = Cli.tree(root, args);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args);
        return cl;
    }

    @Test
    void run_options_take_their_defaults_and_bind_to_their_fields() {
        Nightshift root = new Nightshift(Map.of(), Path.of("."));
        CommandLine cl = parsed(root, "run", "noop", "--as", "editor");
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        assertEquals("noop", run.job);
        assertEquals("editor", run.options.user);
        assertEquals(3, run.options.retries);
        assertEquals(IfRunning.SKIP, run.options.ifRunning);
        assertFalse(run.options.dryRun);
        assertNull(run.options.timeout);
        assertFalse(root.quiet);

        root = new Nightshift(Map.of(), Path.of("."));
        cl = parsed(root, "--store-user", "bob", "run", "noop", "--as", "editor", "--retries", "5", "--if-running", "wait",
                "--timeout", "90s", "--dry-run", "--lock-key", "k", "-q", "--log-file", "/tmp/x.log");
        run = cl.getSubcommands().get("run").getCommand();
        assertEquals(5, run.options.retries);
        assertEquals(IfRunning.WAIT, run.options.ifRunning);
        assertEquals(Duration.ofSeconds(90), run.options.timeout);
        assertTrue(run.options.dryRun);
        assertEquals("k", run.options.lockKey);
        assertEquals("bob", root.storeUser);
        assertTrue(root.quiet, "a global option after the subcommand still sets the root's field");
        assertEquals(Path.of("/tmp/x.log"), root.logFile);
    }

    @Test
    void script_binds_its_file_and_the_job_s_arguments() {
        Nightshift root = new Nightshift(Map.of(), Path.of("."));
        CommandLine cl = parsed(root, "script", "Fix.java", "--as", "editor", "--", "--limit", "7");
        ScriptCommand script = cl.getSubcommands().get("script").getCommand();
        assertEquals(Path.of("Fix.java"), script.file);
        assertEquals(List.of("--limit", "7"), script.args);
        assertEquals("editor", script.options.user);
        assertEquals(3, script.options.retries);
    }

    @Test
    void a_missing_job_or_user_is_a_usage_error_naming_it() {
        CliHarness.Result noJob = cli.run("run");
        assertEquals(ExitCode.USAGE, noJob.code(), noJob.toString());
        assertEquals("nightshift: Missing required parameter: 'JOB' (see: nightshift run --help)\n", noJob.err());
        CliHarness.Result noFile = cli.run("script");
        assertEquals(ExitCode.USAGE, noFile.code(), noFile.toString());
        assertTrue(noFile.err().contains("'FILE.java'"), noFile.toString());
        CliHarness.Result badValue = cli.run("run", "noop", "--as", "editor", "--if-running", "maybe");
        assertEquals(ExitCode.USAGE, badValue.code(), badValue.toString());
        assertTrue(badValue.err().contains("--if-running"), badValue.toString());
    }

    @Test
    void run_help_lists_its_own_options_in_order_then_help_then_the_global_ones() {
        CliHarness.Result help = cli.run("run", "--help");
        assertEquals(ExitCode.OK, help.code(), help.toString());
        String out = help.out();
        int at = out.indexOf("\n      JOB ");
        for (String entry : List.of("--as=USER ", "--dry-run ", "--retries=N ", "--timeout=DURATION ", "--if-running=skip|wait|fail",
                "--lock-key=KEY ", "-h, --help ", "-V, --version ", "--store=JDBC_URL ", "-q, --quiet ")) {
            int next = out.indexOf(entry, at);
            assertTrue(at >= 0 && next > at, entry + " not listed after the entry before it:\n" + out);
            at = next;
        }
        assertTrue(out.contains("(default: 3)") && out.contains("(default: skip)"), out);
        assertTrue(cli.run("script", "--help").out().matches("(?s).*FILE\\.java\\s+\\[ARGS\\.\\.\\.]\n.*"));
    }

    @Test
    void the_root_lists_its_exit_codes_and_its_version() {
        CliHarness.Result help = cli.run("--help");
        assertEquals(ExitCode.OK, help.code(), help.toString());
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("75   try again later"), help.out());
        assertEquals("nightshift 0.1.0\n", cli.run("--version").out());
    }
}
