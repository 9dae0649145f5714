package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nightshift.store.EmbeddedStoreServer.Endpoint;
import nightshift.store.internal.PostmasterPidFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded store server, with real PostgreSQL processes and real child JVMs. */
class EmbeddedStoreServerTest {

    private static final Path ROOT = Path.of("target", "embedded-server-test").toAbsolutePath();
    private static final Pattern REPORT = Pattern.compile("port=(\\d+) pid=(\\d+)");
    private static final AtomicInteger CHILDREN = new AtomicInteger();

    private final List<EmbeddedStoreServer> servers = new ArrayList<>();

    /** Each server's data directory is removed too: left behind, a dozen of them took half a gigabyte of the disk. */
    @AfterEach
    void stopEveryServer() throws IOException {
        for (EmbeddedStoreServer server : servers) {
            server.stop();
            deleteTree(server.directory());
        }
    }

    @Test
    void starts_a_durable_postgres_17() throws Exception {
        EmbeddedStoreServer server = fresh("durable");

        Endpoint endpoint = server.attachOrStart();

        try (Connection connection = connect(endpoint, EmbeddedStoreServer.DEFAULT_DATABASE)) {
            assertTrue(show(connection, "server_version").startsWith("17"), show(connection, "server_version"));
            assertEquals("on", show(connection, "fsync"));
            assertEquals("on", show(connection, "synchronous_commit"));
            assertEquals("on", show(connection, "full_page_writes"));
            // A cheap login: the generated password is random, so PBKDF2's 4096 iterations only slowed every client.
            assertTrue(query(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = current_user")
                    .startsWith("SCRAM-SHA-256$64:"), "the superuser's verifier has 64 iterations");
        }
        assertEquals("localhost", endpoint.host());
        assertEquals("jdbc:postgresql://localhost:" + endpoint.port() + "/nightshift", endpoint.jdbcUrl("nightshift"));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(endpoint.passwordFile()));
        assertEquals(Integer.toString(endpoint.port()),
                Files.readString(server.directory().resolve("server.port")).strip());
    }

    @Test
    void second_process_attaches_instead_of_starting_another() throws Exception {
        EmbeddedStoreServer server = fresh("attach");
        Endpoint endpoint = server.attachOrStart();

        Report child = awaitReport(spawnAttacher(server.directory()));

        assertEquals(new Report(endpoint.port(), postmasterPid(server)), child);
        assertEquals(1, serverStarts(server));
    }

    @Test
    void attaching_to_the_ready_server_on_the_recorded_port_logs_in_to_nothing() throws Exception {
        EmbeddedStoreServer server = fresh("no-login");
        Endpoint endpoint = server.attachOrStart();
        String password = Files.readString(endpoint.passwordFile());
        Files.writeString(endpoint.passwordFile(), "not-the-password\n");
        try {
            // With a wrong password a login would have failed: attaching read only the pid and port files.
            assertEquals(endpoint.port(), EmbeddedStoreServer.at(server.directory()).attachOrStart().port());
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE), endpoint.user(), "not-the-password"));
            assertEquals("28P01", refused.getSQLState(), "the store's own login says what is wrong");

            // Without a recorded port, attaching logs in to check the server, and refuses one that rejects it.
            Files.delete(server.directory().resolve("server.port"));
            EmbeddedServerException rejected = assertThrows(EmbeddedServerException.class,
                    () -> EmbeddedStoreServer.at(server.directory()).attachOrStart());
            assertTrue(rejected.getMessage().contains("does not accept this store"), rejected.getMessage());
        } finally {
            Files.writeString(endpoint.passwordFile(), password);
        }
        assertEquals(endpoint.port(), EmbeddedStoreServer.at(server.directory()).attachOrStart().port());
        assertEquals(Integer.toString(endpoint.port()), Files.readString(server.directory().resolve("server.port")).strip());
    }

    @Test
    void processes_racing_on_a_fresh_directory_start_exactly_one_server() throws Exception {
        EmbeddedStoreServer server = fresh("process-race");

        Process first = spawnAttacher(server.directory());
        Process second = spawnAttacher(server.directory());
        Report one = awaitReport(first);
        Report other = awaitReport(second);

        assertEquals(one, other);
        assertEquals(postmasterPid(server), one.pid());
        assertEquals(1, serverStarts(server));
    }

    @Test
    void threads_racing_on_a_fresh_directory_start_exactly_one_server() throws Exception {
        EmbeddedStoreServer server = fresh("thread-race");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Callable<Endpoint> attach = () -> EmbeddedStoreServer.at(server.directory()).attachOrStart();
            List<Future<Endpoint>> endpoints = threads.invokeAll(List.of(attach, attach, attach, attach));

            Set<Endpoint> distinct = endpoints.stream().map(EmbeddedStoreServerTest::get).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), distinct.toString());
            assertEquals(1, serverStarts(server));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void survives_the_starting_process() throws Exception {
        EmbeddedStoreServer server = fresh("survives");

        Report child = awaitReport(spawnAttacher(server.directory()));

        Endpoint endpoint = server.status().orElseThrow();
        assertEquals(child.port(), endpoint.port());
        try (Connection connection = connect(endpoint, EmbeddedStoreServer.DEFAULT_DATABASE)) {
            assertEquals("nightshift", query(connection, "SELECT current_database()"));
        }
    }

    @Test
    void stop_then_status_is_empty() throws Exception {
        EmbeddedStoreServer server = fresh("stop");
        assertEquals(Optional.empty(), server.status());
        int port = server.attachOrStart().port();

        assertTrue(server.stop());

        assertEquals(Optional.empty(), server.status());
        assertFalse(Files.exists(server.directory().resolve("server.port")));
        assertFalse(server.stop());
        assertEquals(port, server.attachOrStart().port(), "restarts on the port of the last start");
    }

    @Test
    void attach_after_kill_9_of_postmaster_restarts_cleanly() throws Exception {
        EmbeddedStoreServer server = fresh("kill-9");
        Endpoint before = server.attachOrStart();
        try (Connection connection = connect(before, EmbeddedStoreServer.DEFAULT_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (id int PRIMARY KEY, note text)");
            statement.execute("INSERT INTO survivor VALUES (1, 'committed before the crash')");
        }
        long killed = postmasterPid(server);

        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL
        awaitDeath(server);
        assertEquals(Optional.empty(), server.status());
        Endpoint after = server.attachOrStart();

        assertNotEquals(killed, postmasterPid(server));
        assertEquals(before.port(), after.port(), "restarts on the recorded port");
        try (Connection connection = connect(after, EmbeddedStoreServer.DEFAULT_DATABASE)) {
            assertEquals("committed before the crash", query(connection, "SELECT note FROM survivor WHERE id = 1"));
        }
    }

    @Test
    void the_superuser_password_never_reaches_the_server_in_clear() throws Exception {
        EmbeddedStoreServer server = fresh("hashed");
        Endpoint endpoint = server.attachOrStart();
        String password = endpoint.readPassword();
        try (Connection connection = connect(endpoint, EmbeddedStoreServer.DEFAULT_DATABASE);
             Statement statement = connection.createStatement()) {
            // Every statement of the superuser's next logins goes to the server log, and the verifier is put back to
            // PostgreSQL's own, so that the next start stores its cheaper one again.
            statement.execute("ALTER ROLE " + endpoint.user() + " SET log_statement = 'all'");
            statement.execute("SET scram_iterations = 4096");
            statement.execute("ALTER ROLE " + endpoint.user() + " PASSWORD '" + password + "'");
        }
        assertTrue(server.stop());
        long logged = Files.size(server.directory().resolve("server.log"));

        Endpoint again = server.attachOrStart();

        String log = Files.readString(server.directory().resolve("server.log"));
        String since = log.substring((int) Math.min(logged, log.length()));
        assertTrue(since.contains("ALTER ROLE"), "the statement that stores the verifier was logged: " + since);
        assertFalse(since.contains(password), "the password itself was never sent");
        try (Connection connection = connect(again, EmbeddedStoreServer.DEFAULT_DATABASE)) {
            assertTrue(query(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = current_user")
                    .startsWith("SCRAM-SHA-256$64:"), "the stored verifier is the cheaper one, and the password logs in");
        }
    }

    @Test
    void ensureDatabase_is_idempotent() throws Exception {
        EmbeddedStoreServer server = fresh("databases");

        server.ensureDatabase("reports");
        server.ensureDatabase("reports");

        Endpoint endpoint = server.status().orElseThrow();
        try (Connection connection = connect(endpoint, "reports")) {
            assertEquals("reports", query(connection, "SELECT current_database()"));
        }
        assertThrows(IllegalArgumentException.class, () -> server.ensureDatabase("Reports\"; DROP DATABASE x"));
        assertThrows(IllegalArgumentException.class, () -> endpoint.jdbcUrl("9lives"));
    }

    // ----------------------------------------------------------------------------------------------

    /** A server on a new, empty directory; stopped and removed after the test. */
    private EmbeddedStoreServer fresh(String name) throws IOException {
        EmbeddedStoreServer server = EmbeddedStoreServer.at(ROOT.resolve(name));
        server.stop(); // left running by an interrupted earlier run
        deleteTree(server.directory());
        servers.add(server);
        return server;
    }

    private record Report(int port, long pid) {
    }

    private static Process spawnAttacher(Path directory) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path errors = ROOT.resolve(directory.getFileName() + "-child-" + CHILDREN.incrementAndGet() + ".log");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), AttachingProcess.class.getName(), directory.toString())
                .redirectError(errors.toFile())
                .start();
    }

    private static Report awaitReport(Process child) throws Exception {
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, child.exitValue(), "child JVM failed, see its log under " + ROOT + "; output: " + output);
        Matcher report = REPORT.matcher(output);
        assertTrue(report.find(), output);
        return new Report(Integer.parseInt(report.group(1)), Long.parseLong(report.group(2)));
    }

    private static long postmasterPid(EmbeddedStoreServer server) throws IOException {
        return Long.parseLong(Files.readAllLines(server.directory().resolve("pgdata/postmaster.pid")).get(0).strip());
    }

    /** How many times a postmaster became ready on this directory, by its log. */
    private static long serverStarts(EmbeddedStoreServer server) throws IOException {
        try (Stream<String> lines = Files.lines(server.directory().resolve("server.log"))) {
            return lines.filter(line -> line.contains("database system is ready to accept connections")).count();
        }
    }

    private static void awaitDeath(EmbeddedStoreServer server) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Path pgdata = server.directory().resolve("pgdata");
            if (PostmasterPidFile.read(pgdata).filter(PostmasterPidFile::isRunning).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the killed postmaster still runs");
    }

    private static Connection connect(Endpoint endpoint, String database) throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl(database), endpoint.user(), endpoint.readPassword());
    }

    private static String show(Connection connection, String setting) throws SQLException {
        return query(connection, "SHOW " + setting);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
