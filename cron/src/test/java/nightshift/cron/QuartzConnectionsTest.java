package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import nightshift.cron.internal.StoreConnections;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's connections: a node stopped in the middle of Quartz's transaction (holding the scheduler's lock row) must
 * not hold the other nodes out until it wakes.
 */
@ExtendWith(StoreExtension.class)
class QuartzConnectionsTest {

    @Test
    void a_transaction_a_stopped_node_leaves_idle_is_ended_by_the_server_and_its_row_lock_freed(StoreConfig config)
            throws Exception {
        try (Store store = Store.open(sameDatabase(config).poolSize(2).build())) {
            String name = StoreConnections.register(store.dataSource(), "stopped", Duration.ofSeconds(1));
            Connection quartz = DBConnectionManager.getInstance().getConnection(name);
            quartz.setAutoCommit(false);
            int pid = backend(quartz);
            try (Statement st = quartz.createStatement()) {
                st.execute("SELECT 1 FROM ns_object WHERE oid = 0 FOR UPDATE"); // as Quartz locks its qrtz_locks row
            }
            // the node stops here: nothing more is sent on its connection
            try (Connection other = store.dataSource().getConnection()) {
                Await.until("the server to end the stopped node's session", 30_000, () -> !alive(other, pid));
                other.setAutoCommit(false);
                try (Statement st = other.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '5s'");
                    st.execute("SELECT 1 FROM ns_object WHERE oid = 0 FOR UPDATE"); // the row is free
                }
                other.rollback();
                other.setAutoCommit(true);
            }
            // the node wakes: its transaction is gone, and what it does next fails instead of acting on lost locks
            assertThrows(SQLException.class, () -> {
                try (Statement st = quartz.createStatement()) {
                    st.execute("UPDATE ns_object SET name = name WHERE oid = 0");
                }
            });
            quartz.close();
        }
    }

    @Test
    void a_connection_quartz_gives_back_serves_the_pool_with_the_pools_own_setting(StoreConfig config) throws Exception {
        try (Store store = Store.open(sameDatabase(config).poolSize(1).build())) {
            String name = StoreConnections.register(store.dataSource(), "giving-back", Duration.ofSeconds(1));
            int pid;
            try (Connection quartz = DBConnectionManager.getInstance().getConnection(name)) {
                pid = backend(quartz);
                assertEquals("1s", setting(quartz));
                quartz.setAutoCommit(false);
                try (Statement st = quartz.createStatement()) {
                    st.execute("SELECT 1 FROM ns_object WHERE oid = 0 FOR UPDATE");
                }
                quartz.commit();
            }
            try (Connection run = store.dataSource().getConnection()) {
                assertEquals(pid, backend(run), "a pool of one gives the same connection");
                assertEquals("0", setting(run), "a job run on the connection Quartz had may stay in a transaction");
            }
        }
    }

    private static StoreConfig.Builder sameDatabase(StoreConfig config) {
        String url = config.url();
        return TestServer.get().config(url.substring(url.lastIndexOf('/') + 1));
    }

    private static int backend(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String setting(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean alive(Connection c, int pid) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
