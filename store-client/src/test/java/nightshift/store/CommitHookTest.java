package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A hook's writes and the session's writes commit together or not at all. */
@ExtendWith(StoreExtension.class)
class CommitHookTest {
    private final Store store;

    CommitHookTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void table(Store store) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE hook_log (label text, tid bigint)");
        }
    }

    private static CommitHook log(String label) {
        return (c, tid) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hook_log VALUES (?, ?)")) {
                ps.setString(1, label);
                ps.setLong(2, tid);
                ps.executeUpdate();
            }
        };
    }

    private long logged(String label) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(tid), -1) FROM hook_log WHERE label = ?")) {
            ps.setString(1, label);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void the_hook_commits_in_the_same_transaction_with_the_new_tid() throws Exception {
        long tid;
        try (Session s = store.openSession()) {
            s.create(s.root(), "hooked", Folder.titled("x"));
            tid = s.commit(TxInfo.of("t"), log("hooked"));
        }
        assertEquals(tid, logged("hooked"));
    }

    @Test
    void a_hook_that_throws_vetoes_the_whole_commit() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "vetoed", Folder.titled("x"));
            CommitHook veto = (c, tid) -> {
                log("vetoed").inCommit(c, tid);
                throw new StoreException("fenced: this run no longer holds the firing");
            };
            StoreException e = assertThrows(StoreException.class, () -> s.commit(TxInfo.of("t"), veto));
            assertTrue(e.getMessage().contains("fenced"));
            s.abort();
            assertFalse(s.exists("/vetoed"));
        }
        assertEquals(-1, logged("vetoed"), "the hook's own write was rolled back too");
    }

    @Test
    void a_commit_with_nothing_staged_still_runs_the_hook_with_tid_zero() throws Exception {
        try (Session s = store.openSession()) {
            assertEquals(s.snapshotTid(), s.commit(TxInfo.of("t"), log("empty")));
        }
        assertEquals(0, logged("empty"));
    }
}
