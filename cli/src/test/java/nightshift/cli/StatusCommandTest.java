package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.Test;

/** `nightshift status` through the real entry point: which runs it judges, what it says, how it exits. */
class StatusCommandTest {
    /** A new store with an editor, a reader and /site: each test judges only the runs it made. */
    private static CliHarness fresh(String hint) {
        CliHarness cli = CliHarness.forNewDatabase(hint);
        Store.migrate(cli.config());
        try (Store store = Store.open(cli.config())) {
            PrincipalDirectory dir = PrincipalDirectory.of(store);
            dir.addUser("editor", "Editor");
            dir.grant("editor", Role.EDITOR);
            dir.addUser("reader", "Reader");
            dir.grant("reader", Role.READER);
            try (Session s = store.openSession()) {
                s.create(s.root(), "site", Folder.titled("site"));
                s.commit(TxInfo.system("setup"));
            }
        }
        return cli;
    }

    private static RunRecord last(CliHarness cli, String job) {
        try (Store store = Store.open(cli.config())) {
            return RunHistory.of(store).list(job, null, 1).get(0);
        }
    }

    @Test
    void a_run_refused_its_lock_under_if_running_fail_is_recorded_failed_and_status_counts_it() throws Exception {
        CliHarness cli = fresh("status-locked");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CliHarness.Result> first = pool.submit(() -> cli.run("-q", "run", "sleep", "--as", "editor",
                    "--millis", "3000", "--lock-key", "held"));
            waitForRunning(cli, "held");
            CliHarness.Result refused = cli.run("run", "sleep", "--as", "editor", "--millis", "10", "--lock-key", "held",
                    "--if-running", "fail");
            assertEquals(ExitCode.TEMPORARY, refused.code(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.toString());
            assertTrue(refused.err().contains("--if-running"), refused.toString());
            RunRecord record = last(cli, "sleep");
            assertEquals(RunStatus.FAILED, record.status(), "a run that could not have its lock under `fail` failed");
            assertTrue(record.error().contains("still running"), record.toString());
            assertEquals(ExitCode.OK, first.get().code(), first.get().toString());
        } finally {
            pool.shutdownNow();
        }
        CliHarness.Result status = cli.run("status");
        assertEquals(ExitCode.JOB_FAILED, status.code(), status.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("sleep ") && l.contains("PROBLEM")
                && l.contains("last run FAILED")), status.toString());
    }

    private static void waitForRunning(CliHarness cli, String lockKey) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Store store = Store.open(cli.config()); Connection c = store.dataSource().getConnection();
                Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_run WHERE status = 'RUNNING' AND lock_key = '"
                        + lockKey + "'")) {
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
    void status_judges_unattended_runs_and_leaves_manual_tries_alone() {
        CliHarness cli = fresh("status-started-by");
        assertEquals(ExitCode.OK, cli.run("-q", "run", "noop", "--as", "editor").code());
        // a refused try at a terminal, and a one-off failure named manual through the environment
        CliHarness.Result refused = cli.run("-q", "run", "create-docs", "--as", "reader", "--started-by", "manual");
        assertEquals(ExitCode.NO_PERMISSION, refused.code(), refused.toString());
        assertEquals(ExitCode.JOB_FAILED, cli.run(Map.of("NIGHTSHIFT_STARTED_BY", "manual"), "-q", "run", "fail",
                "--as", "editor").code());
        assertEquals("manual", last(cli, "fail").startedBy());
        assertEquals("cron", last(cli, "noop").startedBy(), "a run without a terminal is an unattended one");

        CliHarness.Result status = cli.run("status");
        assertEquals(ExitCode.OK, status.code(), status.toString());
        assertTrue(status.out().contains("noop"), status.toString());
        assertFalse(status.out().contains("fail") || status.out().contains("create-docs"), status.toString());

        CliHarness.Result manual = cli.run("status", "--started-by", "manual");
        assertEquals(ExitCode.JOB_FAILED, manual.code(), manual.toString());
        assertTrue(manual.out().lines().anyMatch(l -> l.startsWith("fail ") && l.contains("PROBLEM")), manual.toString());
        assertTrue(manual.out().lines().anyMatch(l -> l.startsWith("create-docs ") && l.contains("PROBLEM")), manual.toString());
        assertEquals(ExitCode.JOB_FAILED, cli.run("status", "--started-by", "all").code());

        CliHarness.Result history = cli.run("history");
        assertTrue(history.out().lines().findFirst().orElseThrow().contains(" BY "), history.toString());
        assertTrue(history.out().lines().anyMatch(l -> l.contains(" fail ") && l.contains(" manual ")), history.toString());
        assertTrue(history.out().lines().anyMatch(l -> l.contains(" noop ") && l.contains(" cron ")), history.toString());

        CliHarness.Result badName = cli.run("run", "noop", "--as", "editor", "--started-by", "me and you");
        assertEquals(ExitCode.USAGE, badName.code(), badName.toString());
    }

    @Test
    void a_malformed_max_age_is_a_usage_error_saying_the_accepted_form() {
        CliHarness cli = fresh("status-max-age");
        for (String bad : new String[] {"noop=1", "noop", "noop=soon"}) {
            CliHarness.Result r = cli.run("status", "--max-age", bad);
            assertEquals(ExitCode.USAGE, r.code(), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
            assertTrue(r.err().contains("JOB=DURATION") && r.err().contains("30m"), r.toString());
            assertEquals("", r.out(), r.toString());
        }
    }

    @Test
    void quiet_status_prints_nothing_when_healthy_and_one_line_on_stderr_when_not() {
        CliHarness cli = fresh("status-quiet");
        cli.run("-q", "run", "noop", "--as", "editor");
        CliHarness.Result healthy = cli.run("-q", "status", "--max-age", "noop=1h");
        assertEquals(ExitCode.OK, healthy.code(), healthy.toString());
        assertEquals("", healthy.out() + healthy.err());

        cli.run("-q", "run", "fail", "--as", "editor");
        CliHarness.Result unhealthy = cli.run("-q", "status", "--max-age", "noop=1h", "--max-age", "never-ran=1h");
        assertEquals(ExitCode.JOB_FAILED, unhealthy.code(), unhealthy.toString());
        assertEquals("", unhealthy.out(), "quiet: nothing on stdout");
        assertEquals(1, unhealthy.err().strip().lines().count(), unhealthy.toString());
        assertTrue(unhealthy.err().contains("fail") && unhealthy.err().contains("never-ran"), unhealthy.toString());
    }

    @Test
    void a_job_with_only_dry_runs_is_said_to_have_never_succeeded_but_as_a_dry_run() {
        CliHarness cli = fresh("status-dry");
        assertEquals(ExitCode.OK, cli.run("-q", "run", "noop", "--as", "editor", "--dry-run").code());
        CliHarness.Result r = cli.run("status", "--max-age", "noop=1h");
        assertEquals(ExitCode.JOB_FAILED, r.code(), r.toString());
        String line = r.out().lines().filter(l -> l.startsWith("noop ")).findFirst().orElseThrow();
        assertTrue(line.contains("dry run"), line);
        assertFalse(line.contains("last SUCCEEDED "), "the last run is said to be a dry run: " + line);
    }
}
