package nightshift.bench.programs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.StoreConfig;

/**
 * Where a benchmark program works: a fresh database on the embedded server under {@code bench/target/bench-store}
 * (the harness's), started if it is not running. When the program exits, its databases are dropped and a server it
 * started is stopped, so a million-document run leaves nothing on the disk.
 */
final class BenchDatabase {
    private static final List<String> CREATED = new ArrayList<>();
    private static EmbeddedStoreServer.Endpoint endpoint;

    private BenchDatabase() {
    }

    /** A new, empty database of that name (one of an earlier run is dropped first); the schema is not created. */
    static synchronized StoreConfig fresh(String name) throws SQLException {
        if (endpoint == null) {
            EmbeddedStoreServer server = EmbeddedStoreServer.at(Path.of("bench", "target", "bench-store").toAbsolutePath());
            boolean running = server.status().isPresent();
            endpoint = server.attachOrStart();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dropCreated();
                if (!running) {
                    server.stop();
                }
            }, "bench-database-cleanup"));
        }
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name);
        CREATED.add(name);
        return StoreConfig.builder(endpoint.jdbcUrl(name)).user(endpoint.user()).passwordFile(endpoint.passwordFile()).build();
    }

    private static synchronized void dropCreated() {
        try {
            for (String name : CREATED) {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark's databases " + CREATED + ": " + e.getMessage());
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE), endpoint.user(),
                endpoint.readPassword()); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
