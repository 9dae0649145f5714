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
 * that index what they create, reindexes of different subtrees, a static export, pack, verify and history, for a
 * while. Every process ends as documented (success, or 75 for a conflict or a held lock), with no database error in
 * its output or its run record, and the store verifies clean afterwards.
 */
class ManyProcessesTest {
    private static final long SECONDS = Long.getLong("nightshift.processes.seconds", 60);
    private static final int DOCUMENTS = 1_500;
    /** What a database error looks like on a command's stderr or in a run record. */
    private static final Pattern DATABASE_ERROR = Pattern.compile("database error|ERROR: |SQLSTATE|PSQLException");
    private static final Set<Integer> ACCEPTED = Set.of(ExitCode.OK, ExitCode.TEMPORARY);

    private static CliHarness cli;
    private static Store store;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("many-processes");
        assertEquals(ExitCode.OK, cli.run("-q", "init").code());
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
    static void tearDown() {
        store.close();
    }

    /** One process's outcome. */
    private record Outcome(List<String> args, int code, String output) {
        @Override
        public String toString() {
            return String.join(" ", args) + " -> exit " + code + "\n" + output;
        }
    }

    private static Outcome nightshift(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of(cli.storeArgs()));
        all.add("-q");
        all.addAll(args);
        Process p = ChildJvm.start(Nightshift.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                all.toArray(String[]::new));
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
                });
        ExecutorService threads = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (IntFunction<List<String>> worker : workers) {
                AtomicInteger n = new AtomicInteger();
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        outcomes.add(nightshift(worker.apply(n.getAndIncrement())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(SECONDS + 600, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<Outcome> wrong = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!ACCEPTED.contains(o.code()) || DATABASE_ERROR.matcher(o.output()).find()) {
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
        Outcome verify = nightshift(List.of("store", "verify"));
        assertEquals(ExitCode.OK, verify.code(), verify.toString());
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
