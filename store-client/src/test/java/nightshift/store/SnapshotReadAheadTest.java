package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import nightshift.store.content.Folder;
import nightshift.store.spi.Connections;
import nightshift.store.spi.SnapshotReadAhead;
import nightshift.store.testing.ReadAheads;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/** A snapshot registered ahead with a caller's own statement, taken by the next session on that connection. */
@ExtendWith(StoreExtension.class)
class SnapshotReadAheadTest {
    private final Store store;

    SnapshotReadAheadTest(Store store) {
        this.store = store;
    }

    private static void readAhead(Connection c, SnapshotReadAhead ahead) throws SQLException {
        assertFalse(ahead.isRead());
        assertTrue(ReadAheads.sendAfterOwnStatement(c, ahead), "left at its last result");
        assertTrue(ahead.isRead());
    }

    /** Snapshot registrations held by {@code c}'s backend (shared advisory locks in the registry's key range). */
    private long registrations(Connection c) throws SQLException {
        long base = (0x6e74L << 40) >>> 32;
        try (Connection other = store.dataSource().getConnection();
                PreparedStatement ps = other.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND objsubid = 1 AND granted AND classid::bigint >= ? AND classid::bigint < ? AND pid = ?")) {
            ps.setLong(1, base);
            ps.setLong(2, base + 256);
            ps.setInt(3, c.unwrap(PGConnection.class).getBackendPID());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void commitFolder(String name) {
        try (Session s = store.openSession()) {
            s.create(s.root(), name, Folder.titled(name));
            s.commit(TxInfo.of("t"));
        }
    }

    @Test
    void the_next_session_on_the_connection_starts_at_the_snapshot_read_ahead() throws Exception {
        try (Connection c = store.dataSource().getConnection()) {
            SnapshotReadAhead ahead = Connections.snapshotReadAhead(store);
            readAhead(c, ahead);
            long before = store.lastTid();
            assertEquals(1, registrations(c));
            commitFolder("after-the-read-ahead");
            Store view = Connections.onConnection(store, c, ahead);
            try (Session s = view.openSession()) {
                assertEquals(before, s.snapshotTid(), "the snapshot registered ahead, not a newer one");
                assertFalse(s.exists("/after-the-read-ahead"));
                assertEquals(1, registrations(c), "the session took the registration instead of adding one");
            }
            assertEquals(0, registrations(c), "the session released it at close");
            try (Session s = view.openSession()) {
                assertTrue(s.exists("/after-the-read-ahead"), "taken once: the next session registers anew");
            }
            ahead.releaseUnlessTaken(c);
            assertEquals(0, registrations(c));
        }
    }

    @Test
    void a_read_ahead_no_session_took_is_released_by_the_caller_and_never_taken_on_another_backend() throws Exception {
        try (Connection c1 = store.dataSource().getConnection(); Connection c2 = store.dataSource().getConnection()) {
            SnapshotReadAhead ahead = Connections.snapshotReadAhead(store);
            readAhead(c1, ahead);
            commitFolder("seen-on-another-backend");
            try (Session s = Connections.onConnection(store, c2, ahead).openSession()) {
                assertTrue(s.exists("/seen-on-another-backend"), "c2 has no registration of its own to start at");
            }
            assertEquals(1, registrations(c1), "still held where it was read");
            ahead.releaseUnlessTaken(c1);
            assertEquals(0, registrations(c1));
        }
    }
}
