package nightshift.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.StoreConfig;

/**
 * The PostgreSQL server the tests of this JVM use: the embedded store server on a directory under
 * {@code target/} (started on first use, stopped when the JVM exits if this JVM started it), or, when the system
 * property {@code nightshift.test.url} names one (a server URL without database, like
 * {@code jdbc:postgresql://localhost:5432/}, with {@code nightshift.test.user} and
 * {@code nightshift.test.passwordFile}), that server. Every test class gets a database of its own.
 *
 * <p>The suite must fit on a nearly full disk (CI once ran with 2.5 GB free), so nothing accumulates: a database
 * is dropped when its test class ends ({@link StoreExtension}) or at the latest when the JVM that made it exits,
 * databases left by a JVM that was killed are dropped when the next one uses the embedded server, that server keeps
 * at most {@value #MAX_WAL} of WAL instead of PostgreSQL's 1 GB, and the JVM that started it removes its directory
 * when it stops it.
 */
public final class TestServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String MAX_WAL = "96MB";
    private static TestServer instance;

    private final String baseUrl;
    private final String user;
    private final Path passwordFile;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private TestServer(String baseUrl, String user, Path passwordFile) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.passwordFile = passwordFile;
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestServer start() {
        String url = System.getProperty("nightshift.test.url");
        if (url != null) {
            String pw = System.getProperty("nightshift.test.passwordFile");
            return droppingAtExit(new TestServer(url.endsWith("/") ? url : url + "/",
                    System.getProperty("nightshift.test.user", "postgres"), pw == null ? null : Path.of(pw)), () -> { });
        }
        EmbeddedStoreServer server = EmbeddedStoreServer.at(directory());
        boolean wasRunning = server.status().isPresent();
        EmbeddedStoreServer.Endpoint endpoint = server.attachOrStart();
        TestServer test = new TestServer("jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/",
                endpoint.user(), endpoint.passwordFile());
        test.execute("limit its WAL", "ALTER SYSTEM SET max_wal_size = '" + MAX_WAL + "'", "ALTER SYSTEM SET min_wal_size = '32MB'",
                "SELECT pg_reload_conf()");
        test.dropDatabasesOfDeadProcesses();
        return droppingAtExit(test, wasRunning ? () -> { } : () -> {
            server.stop();
            deleteTree(server.directory());
        });
    }

    /** A server this JVM started goes with its directory: a module's test run leaves no cluster on the disk. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove the test server's directory " + root + ": " + e.getMessage());
        }
    }

    /** One hook, so that the databases are gone before a server this JVM started stops. */
    private static TestServer droppingAtExit(TestServer test, Runnable then) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            test.dropCreated();
            then.run();
        }, "drop-test-databases"));
        return test;
    }

    /** Where the embedded test server keeps its data: {@code nightshift.test.dir}, else {@code target/test-store}. */
    public static Path directory() {
        String dir = System.getProperty("nightshift.test.dir");
        return Path.of(dir != null ? dir : "target/test-store").toAbsolutePath();
    }

    /** Creates a fresh, empty database and returns a config for it. */
    public StoreConfig.Builder newDatabase(String hint) {
        String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + DATABASES.incrementAndGet()).toLowerCase();
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
            name = "t" + name.substring(1);
        }
        execute("create test database " + name, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                "CREATE DATABASE " + name);
        created.add(name);
        return config(name);
    }

    /** Drops a database {@link #newDatabase} made, closing any connection still open to it. */
    public void drop(StoreConfig config) {
        String url = config.url();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        if (created.remove(name)) {
            execute("drop test database " + name, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void dropCreated() {
        for (String name : List.copyOf(created)) {
            try {
                execute("drop test database " + name, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
            }
        }
    }

    /** The pid in a name of {@link #newDatabase} is the one before its last number. */
    private void dropDatabasesOfDeadProcesses() {
        List<String> stale = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password());
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^t.*_[0-9]+_[0-9]+$'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).split("_");
                long pid = Long.parseLong(parts[parts.length - 2]);
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    stale.add("DROP DATABASE IF EXISTS " + rs.getString(1) + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the test server's databases: " + e.getMessage(), e);
        }
        execute("drop the databases of dead test JVMs", stale.toArray(String[]::new));
    }

    private void execute(String what, String... statements) {
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password());
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test server: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    public StoreConfig.Builder config(String database) {
        StoreConfig.Builder b = StoreConfig.builder(baseUrl + database).user(user);
        return passwordFile == null ? b : b.passwordFile(passwordFile);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String user() {
        return user;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public String password() {
        try {
            return passwordFile == null ? null : Files.readString(passwordFile).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
