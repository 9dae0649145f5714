package nightshift.store.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.StoreConfig;

/**
 * The PostgreSQL server the tests of this JVM use: the embedded store server on a directory under
 * {@code target/} (started on first use, stopped when the JVM exits if this JVM started it), or, when the system
 * property {@code nightshift.test.url} names one (a server URL without database, like
 * {@code jdbc:postgresql://localhost:5432/}, with {@code nightshift.test.user} and
 * {@code nightshift.test.passwordFile}), that server. Every test class gets a database of its own.
 */
public final class TestServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestServer instance;

    private final String baseUrl;
    private final String user;
    private final Path passwordFile;

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
            return new TestServer(url.endsWith("/") ? url : url + "/", System.getProperty("nightshift.test.user", "postgres"),
                    pw == null ? null : Path.of(pw));
        }
        EmbeddedStoreServer server = EmbeddedStoreServer.at(directory());
        boolean wasRunning = server.status().isPresent();
        EmbeddedStoreServer.Endpoint endpoint = server.attachOrStart();
        if (!wasRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-store"));
        }
        return new TestServer("jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/",
                endpoint.user(), endpoint.passwordFile());
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
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password());
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return config(name);
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
