package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI as a real child `java` process: its exit codes, and what a SIGKILL leaves behind. */
class ChildProcessTest {
    private static CliHarness cli;
    private static Store store;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("cli-child");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        try (Session s = store.openSession()) {
            s.create(s.root(), "site", Folder.titled("site"));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static Process nightshift(String... args) {
        List<String> all = new ArrayList<>(List.of(cli.storeArgs()));
        all.addAll(List.of(args));
        return ChildJvm.start(Nightshift.class, List.of("-Xmx256m"), all.toArray(String[]::new));
    }

    private static String finish(Process p) throws Exception {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    @Test
    void exit_codes_reach_the_shell() throws Exception {
        Process ok = nightshift("-q", "run", "noop", "--as", "editor");
        String okOut = finish(ok);
        assertEquals(ExitCode.OK, ok.exitValue(), okOut);
        assertEquals("", okOut, "-q is silent on success");
        Process noUser = nightshift("-q", "run", "noop", "--as", "nobody");
        String noUserOut = finish(noUser);
        assertEquals(ExitCode.NO_USER, noUser.exitValue(), noUserOut);
        assertEquals(1, noUserOut.strip().lines().count(), noUserOut);
    }

    @Test
    void logging_is_logback_s_as_the_options_configure_it_with_nothing_from_slf4j() throws Exception {
        Process verbose = nightshift("-v", "run", "noop", "--as", "editor");
        String out = finish(verbose);
        assertEquals(ExitCode.OK, verbose.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .* DEBUG \\[noop.*secure session opened as .*")), out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("SLF4J")), out);
        Process plain = nightshift("run", "noop", "--as", "editor");
        String plainOut = finish(plain);
        assertEquals(ExitCode.OK, plain.exitValue(), plainOut);
        assertTrue(plainOut.startsWith("run ") && !plainOut.contains("DEBUG"), plainOut);
    }

    @Test
    void a_job_killed_with_sigkill_leaves_no_writes_and_its_record_becomes_abandoned() throws Exception {
        Process p = nightshift("run", "sleep", "--as", "editor", "--millis", "120000", "--name", "killed", "--lock-key", "killed");
        String runId = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            while (runId == null && System.nanoTime() < deadline && p.isAlive()) {
                try (ResultSet rs = st.executeQuery("SELECT run_id FROM ns_run WHERE lock_key = 'killed' AND status = 'RUNNING'")) {
                    if (rs.next()) {
                        runId = rs.getString(1);
                    }
                }
                Thread.onSpinWait();
            }
        }
        assertTrue(runId != null, "the child never started its run");
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());

        RunRecord record = null;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            CliHarness.Result history = cli.run("history", "--job", "sleep");
            assertEquals(ExitCode.OK, history.code(), history.toString());
            record = RunHistory.of(store).find(runId).orElseThrow();
            if (record.status() != RunStatus.RUNNING) {
                break;
            }
            Thread.onSpinWait();
        }
        assertEquals(RunStatus.ABANDONED, record.status(), "history marks a dead process's run");
        try (Session s = store.openSession()) {
            assertTrue(s.children(s.get("/site")).noneMatch(n -> n.name().startsWith("killed")), "no partial writes");
        }
        Process again = nightshift("-q", "run", "sleep", "--as", "editor", "--millis", "10", "--lock-key", "killed");
        finish(again);
        assertEquals(ExitCode.OK, again.exitValue(), "the dead run's lock went with its process");
        assertEquals(RunStatus.SUCCEEDED, RunHistory.of(store).list("sleep", null, 1).get(0).status());
    }
}
