package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many {@code nightshift} processes at once against one store, as a crontab and a scheduler cluster make them: creates
 * that index what they create, reindexes of different subtrees, a static export, pack, verify, history and a scheduler
 * node, for a while. They run as two database roles that are neither superusers nor owners of the schema, holding only
 * what {@code init --grant-to} grants, half the processes as each. Every process ends as documented (success, or 75
 * for a conflict or a held lock), with no database error in its output or its run record, a scheduled firing commits,
 * and the store verifies clean afterwards.
 */
class ManyProcessesTest {
    /** How long the processes keep starting: a short while by default, a minute under {@code -Pscale}. */
    private static final long SECONDS = Long.getLong("nightshift.processes.seconds", 10);
    private static final int DOCUMENTS = 1_500;
    /** What a database error looks like on a command's stderr or in a run record. */
    private static final Pattern DATABASE_ERROR = Pattern.compile("database error|ERROR: |SQLSTATE|PSQLException");
    private static final Set<Integer> ACCEPTED = Set.of(ExitCode.OK, ExitCode.TEMPORARY);

    private static final List<String> ROLES = List.of("ns_many_a_" + ProcessHandle.current().pid(),
            "ns_many_b_" + ProcessHandle.current().pid());

    private static CliHarness cli;
    private static Store store;
    private static final List<List<String>> roleArgs = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("many-processes");
        try (Connection c = java.sql.DriverManager.getConnection(cli.config().url(), cli.config().user(), cli.config().password());
                Statement st = c.createStatement()) {
            for (String role : ROLES) {
                st.execute("DROP ROLE IF EXISTS " + role);
                st.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD 'pw-" + role + "'");
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        CliHarness.Result init = cli.run("init", "--grant-to", ROLES.get(0), "--grant-to", ROLES.get(1));
        assertEquals(ExitCode.OK, init.code(), init.toString());
        for (String role : ROLES) {
            try {
                Path pw = dir.resolve("password-" + role);
                Files.writeString(pw, "pw-" + role + "\n");
                Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                roleArgs.add(List.of("--store", cli.config().url(), "--store-user", role, "--store-password-file", pw.toString()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        store = Store.open(cli.config());
        PrincipalDirectory users = PrincipalDirectory.of(store);
        users.addUser("editor", "Editor");
        users.grant("editor", Role.EDITOR);
        users.addUser("reader", "Reader");
        users.grant("reader", Role.READER);
        try (Session s = store.openSession()) {
            var site = s.create(s.root(), "site", Folder.titled("site"));
            for (int k = 0; k < 4; k++) {
                s.create(site, "s" + k, Folder.titled("section " + k));
            }
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        store.close();
        try (Connection c = java.sql.DriverManager.getConnection(cli.config().url(), cli.config().user(), cli.config().password());
                Statement st = c.createStatement()) {
            for (String role : ROLES) {
                st.execute("DROP OWNED BY " + role);
                st.execute("DROP ROLE " + role);
            }
        }
    }

    /** One process's outcome. */
    private record Outcome(List<String> args, int code, String output) {
        @Override
        public String toString() {
            return String.join(" ", args) + " -> exit " + code + "\n" + output;
        }
    }

    /** A {@code nightshift} process as one of the two roles (or as the schema's owner, role -1). */
    private static Process start(int role, List<String> args) {
        List<String> all = new ArrayList<>(role < 0 ? List.of(cli.storeArgs()) : roleArgs.get(role));
        all.add("-q");
        all.addAll(args);
        return ChildJvm.start(Nightshift.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                all.toArray(String[]::new));
    }

    private static Outcome nightshift(int role, List<String> args) throws Exception {
        Process p = start(role, args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "a process did not finish: " + args);
        return new Outcome(args, p.exitValue(), output);
    }

    private static Path batch(int worker, int n) throws IOException {
        Path file = dir.resolve("batch-" + worker + "-" + n + ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < DOCUMENTS; i++) {
            lines.append("{\"type\":\"Document\",\"name\":\"w").append(worker).append("-").append(n).append("-").append(i)
                    .append("\",\"title\":\"document ").append(i).append(" of batch ").append(n)
                    .append("\",\"body\":\"text of many processes ").append(i % 97).append("\"}\n");
        }
        Files.writeString(file, lines);
        return file;
    }

    @Test
    void processes_running_every_kind_of_job_at_once_end_as_documented_and_leave_a_store_that_verifies() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<IntFunction<List<String>>> workers = List.of(
                n -> create(0, n),
                n -> create(1, n),
                n -> List.of("run", "reindex", "--as", "admin", "--path", "/site/s" + (n % 2), "--lock-key", "reindex-" + (n % 2)),
                n -> List.of("run", "reindex", "--as", "admin", "--path", "/site/s" + (2 + n % 2), "--lock-key", "reindex-" + (2 + n % 2),
                        n % 3 == 0 ? "--incremental" : "--types=Document"),
                n -> List.of("run", "export-static", "--as", "reader", "--path", "/site/s" + (n % 2),
                        "--out", dir.resolve("site-" + (n % 2)).toString(), "--lock-key", "export-" + (n % 2)),
                n -> switch (n % 4) {
                    case 0 -> List.of("store", "pack", "--keep-days", "0");
                    case 1 -> List.of("store", "verify", "--path", "/site");
                    case 2 -> List.of("history", "--limit", "50");
                    default -> List.of("store", "stats");
                },
                n -> switch (n % 4) {
                    case 0 -> List.of("status");
                    case 1 -> List.of("users", "list");
                    case 2 -> List.of("schedule", "list");
                    default -> List.of("run", "noop", "--as", "reader", "--lock-key", "noop-" + n);
                });
        Path schedule = dir.resolve("schedule");
        Files.writeString(schedule, "[id=every-minute] * * * * *  run noop --as editor\n");
        Process scheduler = start(1, List.of("scheduler", "--schedule", schedule.toString(), "--node-id", "least-privileged"));
        ExecutorService threads = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers.size(); w++) {
                IntFunction<List<String>> worker = workers.get(w);
                int role = w % 2;
                AtomicInteger n = new AtomicInteger();
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        int k = n.getAndIncrement();
                        outcomes.add(nightshift((role + k) % 2, worker.apply(k)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(SECONDS + 600, TimeUnit.SECONDS);
            }
            long firing = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (count("SELECT count(*) FROM ns_run WHERE started_by = 'scheduler:least-privileged' AND status = 'SUCCEEDED'") == 0) {
                assertTrue(scheduler.isAlive() && System.nanoTime() < firing, "the scheduler node, as a role that owns nothing,"
                        + " committed no firing: " + (scheduler.isAlive() ? "" : new String(scheduler.getInputStream().readAllBytes(),
                                StandardCharsets.UTF_8)));
                Thread.sleep(500);
            }
        } finally {
            threads.shutdownNow();
            scheduler.destroy();
            assertTrue(scheduler.waitFor(60, TimeUnit.SECONDS), "the scheduler stops on SIGTERM");
        }

        List<Outcome> wrong = new ArrayList<>();
        for (Outcome o : outcomes) {
            // status says 1 when a job's last run did not succeed: a conflict's record is one
            boolean accepted = ACCEPTED.contains(o.code()) || o.args().get(0).equals("status") && o.code() == ExitCode.JOB_FAILED;
            if (!accepted || DATABASE_ERROR.matcher(o.output()).find()) {
                wrong.add(o);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + outcomes.size() + " processes ended otherwise than documented:\n"
                + String.join("\n", wrong.stream().map(Outcome::toString).toList()));
        assertTrue(outcomes.stream().filter(o -> o.args().contains("create") && o.code() == ExitCode.OK).count() >= 2,
                "creates ran: " + outcomes);

        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT run_id, job_name, status, coalesce(error, '') FROM ns_run"
                        + " WHERE status NOT IN ('SUCCEEDED', 'SKIPPED') OR error ~ '(database error|ERROR: |SQLSTATE)'")) {
            List<String> records = new ArrayList<>();
            while (rs.next()) {
                String line = rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + ": " + rs.getString(4);
                if (!rs.getString(3).equals("CONFLICT") || DATABASE_ERROR.matcher(rs.getString(4)).find()) {
                    records.add(line);
                }
            }
            assertTrue(records.isEmpty(), "run records that did not end as documented:\n" + String.join("\n", records));
        }
        Outcome verify = nightshift(0, List.of("store", "verify"));
        assertEquals(ExitCode.OK, verify.code(), verify.toString());
    }

    private static long count(String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> create(int section, int n) {
        try {
            return List.of("run", "create", "--as", "editor", "--in", "/site/s" + section, "--from",
                    batch(section, n).toString(), "--lock-key", "create-" + section);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
