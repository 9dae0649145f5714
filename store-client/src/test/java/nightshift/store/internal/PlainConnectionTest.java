package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.StoreUnavailableException;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A one-shot process's connection, asked of the driver without DriverManager, logs in and carries the data source's
 * settings as DriverManager's did; the store's stand-ins for a connection share one proxy class.
 */
class PlainConnectionTest {
    private static final TestServer SERVER = TestServer.get();

    private static PGSimpleDataSource source(String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(SERVER.baseUrl() + "postgres");
        ds.setUser(SERVER.user());
        ds.setPassword(password);
        ds.setApplicationName("plain-connection-test");
        return ds;
    }

    @Test
    void the_driver_s_connection_logs_in_with_the_data_source_s_user_and_settings() throws SQLException {
        try (Connection c = StoreRuntime.connect(source(SERVER.password())); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, current_setting('application_name')")) {
            rs.next();
            assertEquals(SERVER.user(), rs.getString(1));
            assertEquals("plain-connection-test", rs.getString(2));
        }
        SQLException refused = assertThrows(SQLException.class, () -> StoreRuntime.connect(source("not-the-password")));
        assertTrue(refused.getMessage().contains("password authentication failed"), refused.getMessage());
    }

    @Test
    void a_one_shot_store_with_a_wrong_password_is_unavailable_and_says_where(@TempDir Path dir) throws IOException {
        Path wrong = Files.writeString(dir.resolve("password"), "not-the-password");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        StoreConfig config = StoreConfig.builder(SERVER.baseUrl() + "postgres").user(SERVER.user()).passwordFile(wrong)
                .pooled(false).build();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> Store.open(config).close());
        assertTrue(e.getMessage().startsWith("cannot reach the store at " + config.maskedUrl()), e.getMessage());
    }

    @Test
    void a_lent_and_an_intercepted_connection_are_of_one_proxy_class() throws SQLException {
        try (Connection c = StoreRuntime.connect(source(SERVER.password()))) {
            Connection lent = new SharedConnectionDataSource(c, () -> null, false).getConnection();
            Connection intercepted = InterceptedConnection.wrap(c, () -> { }, Set.of());
            assertSame(lent.getClass(), intercepted.getClass());
        }
    }
}
