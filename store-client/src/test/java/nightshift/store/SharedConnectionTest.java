package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import nightshift.store.content.Document;
import nightshift.store.spi.Connections;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The unpooled store of a one-shot process, and a store's view on a connection its caller holds. */
@ExtendWith(StoreExtension.class)
class SharedConnectionTest {
    private final Store store;

    SharedConnectionTest(Store store) {
        this.store = store;
    }

    private StoreConfig.Builder sameDatabase() {
        String url = store.config().url();
        return TestServer.get().config(url.substring(url.lastIndexOf('/') + 1));
    }

    private static int backend(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void an_unpooled_store_lends_its_one_connection_and_opens_another_only_while_it_is_out() throws Exception {
        try (Store unpooled = Store.open(sameDatabase().pooled(false).build())) {
            int first;
            try (Connection a = unpooled.dataSource().getConnection()) {
                first = backend(a);
                try (Connection b = unpooled.dataSource().getConnection()) {
                    assertNotEquals(first, backend(b), "a second borrower while the first is out gets its own connection");
                }
            }
            try (Connection again = unpooled.dataSource().getConnection()) {
                assertEquals(first, backend(again), "given back, the one connection is lent again");
            }
            try (Session s = unpooled.openSession()) {
                s.create(s.root(), "unpooled", Document.of("unpooled", ""));
                s.commit(TxInfo.system("test"));
            }
            try (Session s = store.openSession()) {
                assertTrue(s.exists("/unpooled"));
            }
        }
    }

    @Test
    void a_lent_connection_given_back_mid_transaction_is_rolled_back_and_in_autocommit_again() throws Exception {
        try (Store unpooled = Store.open(sameDatabase().pooled(false).build())) {
            try (Connection c = unpooled.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS lend_check (x int)");
            }
            Connection handle = unpooled.dataSource().getConnection();
            handle.setAutoCommit(false);
            try (Statement st = handle.createStatement()) {
                st.execute("INSERT INTO lend_check VALUES (1)");
            }
            handle.close();
            assertThrows(SQLException.class, handle::createStatement, "a handle given back cannot be used");
            try (Connection next = unpooled.dataSource().getConnection()) {
                assertTrue(next.getAutoCommit());
                assertEquals(0, count(next, "SELECT count(*) FROM lend_check"));
            }
        }
    }

    @Test
    void an_unpooled_store_that_cannot_log_in_fails_at_open_with_one_line() {
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> Store.open(sameDatabase().user("no_such_role").pooled(false).build()));
        assertTrue(e.getMessage().startsWith("cannot reach the store at "), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_role"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void a_view_on_a_held_connection_uses_it_while_free_and_the_pool_otherwise() throws Exception {
        try (Connection held = store.dataSource().getConnection()) {
            int mine = backend(held);
            Store view = Connections.onConnection(store, held);
            try (Connection lent = view.dataSource().getConnection()) {
                assertEquals(mine, backend(lent));
                try (Connection other = view.dataSource().getConnection()) {
                    assertNotEquals(mine, backend(other));
                }
            }
            try (Session s = view.openSession()) {
                s.create(s.root(), "through-view", Document.of("view", ""));
                s.commit(TxInfo.system("test"));
            }
            view.close();
            assertFalse(held.isClosed(), "the view closes nothing of its lender's");
            assertEquals(1, count(held, "SELECT count(*) FROM ns_object WHERE name = 'through-view'"));
        }
    }
}
