package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nightshift.cron.ClusteredScheduler;
import nightshift.cron.Firing;
import nightshift.cron.Schedule;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchedulerCommandTest {
    private static CliHarness cli;
    private static Store store;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        cli = CliHarness.forNewDatabase("cli-scheduler");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory users = PrincipalDirectory.of(store);
        users.addUser("editor", "Editor");
        users.grant("editor", Role.EDITOR);
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("site"));
            s.create(site, "sched", Folder.titled("sched"));
            s.commit(TxInfo.system("setup"));
        }
        dir = Files.createTempDirectory("nightshift-schedule");
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void check_prints_each_entry_with_its_next_five_fire_times() throws Exception {
        Path f = file("good.cron", """
                # nightly
                TZ=Europe/Paris
                [id=nightly misfire=skip] 30 3 * * * run create-docs --as editor --prefix n --count 1
                0 0 1,15 * fri nightshift run noop --as editor
                """);
        CliHarness.Result r = cli.runExactly("schedule", "check", f.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("nightly  (line 3, Europe/Paris, misfire=skip)  30 3 * * *  run create-docs"), r.out());
        assertTrue(r.out().contains("03:30 CET") || r.out().contains("03:30 CEST"), r.out());
        assertEquals(10, r.out().lines().filter(l -> l.startsWith("    ")).count(), r.out());
        assertTrue(r.out().contains("2 entries, no errors"), r.out());
    }

    @Test
    void check_reports_every_error_with_its_line_and_exits_65() throws Exception {
        Path f = file("bad.cron", """
                0 3 * * * run noop --as editor
                0 25 * * * run noop --as editor
                @reboot run noop --as editor
                """);
        CliHarness.Result r = cli.runExactly("schedule", "check", f.toString());
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains(f + ":2: hour 25 is out of range 0-23"), r.err());
        assertTrue(r.err().contains(f + ":3: @reboot is not supported"), r.err());
        Path unknown = file("unknown.cron", """
                0 3 * * * run no-such-job --as editor
                0 3 * * * run create-docs --as editor --count many
                0 3 * * * run noop --as editor --bogus
                """);
        CliHarness.Result u = cli.runExactly("schedule", "check", unknown.toString());
        assertEquals(ExitCode.DATA, u.code(), u.toString());
        assertTrue(u.err().contains(unknown + ":1: "), u.err());
        assertTrue(u.err().contains(unknown + ":2: ") && u.err().contains("'many'"), u.err());
        assertTrue(u.err().contains(unknown + ":3: Unknown option: '--bogus'"), u.err());
        assertEquals(ExitCode.NO_INPUT, cli.runExactly("schedule", "check", dir.resolve("none.cron").toString()).code());
    }

    @Test
    void a_firing_runs_its_command_as_nightshift_run_would_and_list_shows_it() throws Exception {
        Path f = file("list.cron", "[id=docs] 30 3 * * * run create-docs --as editor --folder /site/sched --prefix fired --count 2\n");
        Schedule schedule = Schedule.read(f);
        Instant due = Instant.parse("2026-01-01T03:30:00Z");
        FiringCommands handler = new FiringCommands(Map.of(), cli.home(), store, List.of());
        RunResult result = handler.run(new Firing("docs", schedule.entries().get(0).command(), Firing.key("docs", due), due,
                due, "test-node", false));
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        RunRecord record = RunHistory.of(store).find("docs@2026-01-01T03:30:00Z").orElseThrow();
        assertEquals("scheduler:test-node", record.startedBy());
        assertEquals("editor", record.storeUser());
        assertEquals(2, record.created());
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/site/sched/fired-1"));
        }

        CliHarness.Result before = cli.run("schedule", "list", "--schedule", f.toString());
        assertTrue(before.out().contains("not synced"), before.toString());
        try (ClusteredScheduler node = ClusteredScheduler.create(store, firing -> null).nodeId("lister").build()) {
            node.sync(schedule);
        }
        CliHarness.Result r = cli.run("schedule", "list");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String line = r.out().lines().filter(l -> l.startsWith("docs ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(line.contains("SUCCEEDED") && line.contains("scheduler:test-node") && line.contains("03:30:00Z")
                && line.contains("run create-docs"), line);
    }

    @Test
    void the_scheduler_joins_the_cluster_and_leaves_it_on_sigterm() throws Exception {
        Path f = file("node.cron", "[id=later] 0 4 * * * run noop --as editor\n");
        List<String> args = new ArrayList<>(List.of(cli.storeArgs()));
        args.addAll(List.of("scheduler", "--schedule", f.toString(), "--node-id", "child-node", "--grace", "2s"));
        Process child = ChildJvm.start(Nightshift.class, List.of("-Xmx256m"), args.toArray(String[]::new));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("scheduler node child-node started with 1 entries")) {
                lines.add(line);
            }
            assertTrue(line != null, "the scheduler did not start: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains(" INFO ") && l.contains("scheduler node child-node synced the schedule: 1 added")),
                    "the scheduler's activity is logged: " + lines);
            assertTrue(inCluster("child-node"));
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the scheduler did not stop on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(143, child.exitValue());
        assertFalse(inCluster("child-node"), "the node left the cluster");
        CliHarness.Result r = cli.run("schedule", "list");
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("later ") && l.contains("never")), r.out());
    }

    private static boolean inCluster(String node) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qrtz_scheduler_state WHERE instance_name = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
