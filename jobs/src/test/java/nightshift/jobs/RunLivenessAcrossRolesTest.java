package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two boxes (or two crontab lines) that use different database roles, neither a superuser nor the schema's owner nor
 * allowed to read other roles' backend statistics: each sees the other's runs as alive while they run.
 */
@ExtendWith(StoreExtension.class)
class RunLivenessAcrossRolesTest {
    private static final String A = "ns_box_a_" + ProcessHandle.current().pid();
    private static final String B = "ns_box_b_" + ProcessHandle.current().pid();
    private static Path passwords;
    private static Store boxA;
    private static Store boxB;

    @BeforeAll
    static void twoRoles(Store store, StoreConfig config) throws Exception {
        passwords = Files.createTempDirectory("nightshift-roles");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String role : new String[] {A, B}) {
                st.execute("DROP ROLE IF EXISTS " + role);
                st.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'pw-" + role + "'");
                // what the store's tables, sequences and functions need, and nothing more
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
                st.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
                st.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role);
            }
        }
        boxA = Store.open(asRole(config, A).build());
        boxB = Store.open(asRole(config, B).build());
        PrincipalDirectory.of(store).addUser("editor", "Editor");
        PrincipalDirectory.of(store).grant("editor", Role.EDITOR);
        try (Session s = store.openSession()) {
            s.create(s.root(), "site", Folder.titled("site"));
            s.commit(TxInfo.system("setup"));
        }
    }

    private static StoreConfig.Builder asRole(StoreConfig config, String role) throws Exception {
        Path file = passwords.resolve(role);
        Files.writeString(file, "pw-" + role + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return StoreConfig.builder(config.url()).user(role).passwordFile(file);
    }

    @AfterAll
    static void dropRoles(Store store) throws Exception {
        if (boxA != null) {
            boxA.close();
        }
        if (boxB != null) {
            boxB.close();
        }
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String role : new String[] {A, B}) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
                st.execute("DROP OWNED BY " + role);
                st.execute("DROP ROLE " + role);
            }
        }
        for (String role : new String[] {A, B}) {
            Files.deleteIfExists(passwords.resolve(role));
        }
        Files.deleteIfExists(passwords);
    }

    @Test
    void a_run_of_another_role_stays_running_through_the_other_roles_sweeps_and_then_commits(Store store) throws Exception {
        try (Connection c = boxB.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT rolsuper, pg_has_role('pg_read_all_stats', 'MEMBER') FROM pg_roles"
                        + " WHERE rolname = current_user")) {
            assertTrue(rs.next());
            assertTrue(!rs.getBoolean(1) && !rs.getBoolean(2), "the second role may not read other roles' statistics");
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Job blocking = ctx -> {
            Node site = ctx.session().get("/site");
            ctx.session().create(site, "from-box-a", Document.of("a", "written by the first box"));
            started.countDown();
            assertTrue(release.await(60, TimeUnit.SECONDS), "the test never let the job finish");
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> running = pool.submit(() -> JobRunner.create(boxA).build()
                    .run(RunRequest.builder("box-a-job", () -> blocking, "editor").runId("box-a-run").build()));
            assertTrue(started.await(30, TimeUnit.SECONDS), "the first box's job never started");

            RunHistory.of(boxB).list(null, null, 20);
            RunHistory.of(boxB).latest();
            RunHistory.of(boxB).sweep();
            RunResult other = JobRunner.create(boxB).build().run(RunRequest.of("box-b-job", () -> ctx -> { }, "editor"));
            assertEquals(RunStatus.SUCCEEDED, other.status(), other.describe());
            assertEquals(RunStatus.RUNNING, RunHistory.of(store).find("box-a-run").orElseThrow().status(),
                    "the second box's sweeps took the first box's live run for a dead one");

            release.countDown();
            RunResult result = running.get(60, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
            assertEquals(RunStatus.SUCCEEDED, RunHistory.of(store).find("box-a-run").orElseThrow().status());
            try (Session s = store.openSession()) {
                assertTrue(s.exists("/site/from-box-a"));
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_run_whose_process_died_is_abandoned_by_a_sweep_of_another_role(Store store) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Store doomed = Store.open(asRole(store.config(), A).applicationName("doomed-box").build());
        try {
            Job forever = ctx -> {
                started.countDown();
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            };
            pool.submit(() -> JobRunner.create(doomed).build()
                    .run(RunRequest.builder("box-a-dies", () -> forever, "editor").runId("box-a-died").build()));
            assertTrue(started.await(30, TimeUnit.SECONDS), "the job never started");
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                // the process dies: its backends end with its sockets
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-box'");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            RunStatus status = RunStatus.RUNNING;
            while (status == RunStatus.RUNNING && System.nanoTime() < deadline) {
                RunHistory.of(boxB).sweep();
                status = RunHistory.of(store).find("box-a-died").orElseThrow().status();
            }
            assertEquals(RunStatus.ABANDONED, status);
        } finally {
            pool.shutdownNow();
            doomed.close();
        }
    }
}
