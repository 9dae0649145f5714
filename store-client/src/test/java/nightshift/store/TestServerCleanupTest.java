package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.TestDatabaseMain;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The suite leaves no databases behind (CI once failed with its disk full of them): one dropped on request, at its
 * JVM's exit, and, for a JVM that ended without running its hooks, by the next JVM that uses the embedded server.
 */
class TestServerCleanupTest {
    private static final List<String> SAME_SERVER = List.of("-Dnightshift.test.dir=" + TestServer.directory());

    @Test
    void a_database_is_dropped_on_request() throws Exception {
        StoreConfig config = TestServer.get().newDatabase("drop-me").build();
        String name = databaseOf(config.url());
        assertTrue(exists(name));
        TestServer.get().drop(config);
        assertFalse(exists(name));
    }

    @Test
    void a_jvm_drops_its_databases_when_it_exits_and_the_next_one_drops_those_of_a_jvm_that_did_not() throws Exception {
        assumeTrue(System.getProperty("nightshift.test.url") == null, "only the embedded test server is cleaned of dead JVMs' databases");
        // This JVM's own first use of the server would drop the dead children's databases itself: use it first.
        TestServer.get();
        String exited = databaseOf(child("exit"));
        assertFalse(exists(exited), "dropped by the exiting JVM's hook");
        String halted = databaseOf(child("halt"));
        assertTrue(exists(halted), "a halted JVM runs no hooks");
        child("attach");
        assertFalse(exists(halted), "dropped by the next JVM to use the server, as its maker is dead");
    }

    private static String child(String mode) throws Exception {
        Process p = ChildJvm.start(TestDatabaseMain.class, SAME_SERVER, mode);
        String output;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            output = out.lines().collect(Collectors.joining("\n"));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        if (mode.equals("attach")) {
            return "";
        }
        String url = output.lines().filter(l -> l.startsWith("jdbc:")).findFirst().orElse("");
        assertTrue(url.startsWith("jdbc:"), "the child names the database it made: " + output);
        return url;
    }

    private static String databaseOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static boolean exists(String database) throws Exception {
        TestServer server = TestServer.get();
        try (Connection c = DriverManager.getConnection(server.baseUrl() + "postgres", server.user(), server.password());
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }
}
