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

    /** A hook that only sends statements with the COMMIT: they log, and refuse when {@code refuse} is true. */
    private static CommitHook withCommit(String label, boolean refuse) {
        return new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) {
            }

            @Override
            public java.util.List<Statement> withCommit(long tid) {
                return java.util.List.of(Statement.of("INSERT INTO hook_log VALUES (?, ?)", label, tid),
                        Statement.of("SELECT ns_require(?, ?)", !refuse, "refused: " + label + " was fenced off"));
            }
        };
    }

    private long transactions() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_tx")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void statements_sent_with_the_commit_commit_with_the_session() throws Exception {
        long tid;
        try (Session s = store.openSession()) {
            s.create(s.root(), "with-commit", Folder.titled("x"));
            tid = s.commit(TxInfo.of("t"), withCommit("with-commit", false));
            assertTrue(s.exists("/with-commit"));
        }
        assertEquals(tid, logged("with-commit"));
        try (Session s = store.openSession()) {
            assertEquals(s.snapshotTid(), s.commit(TxInfo.of("t"), withCommit("nothing-staged", false)));
        }
        assertEquals(0, logged("nothing-staged"));
    }

    @Test
    void a_statement_that_raises_refuses_the_commit_and_nothing_is_kept() throws Exception {
        long before = transactions();
        try (Session s = store.openSession()) {
            s.create(s.root(), "refused", Folder.titled("x"));
            CommitRefusedException e = assertThrows(CommitRefusedException.class,
                    () -> s.commit(TxInfo.of("t"), withCommit("refused", true)));
            assertEquals("refused: refused was fenced off", e.getMessage());
            s.abort();
            assertFalse(s.exists("/refused"));
            CommitRefusedException empty = assertThrows(CommitRefusedException.class,
                    () -> s.commit(TxInfo.of("t"), withCommit("refused-empty", true)));
            assertEquals("refused: refused-empty was fenced off", empty.getMessage());
        }
        assertEquals(-1, logged("refused"));
        assertEquals(-1, logged("refused-empty"));
        assertEquals(before, transactions(), "no transaction row");
    }

    /**
     * The session's writes go to the server with the hook's first statement; when they fail (a name a concurrent
     * commit took), a hook that catches the error cannot turn the commit into a success.
     */
    @Test
    void a_hook_that_swallows_the_writes_failure_does_not_hide_it() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "swallow", Folder.titled("x"));
            s.commit(TxInfo.of("setup"));
        }
        long before = transactions();
        try (Session loser = store.openSession()) {
            loser.create(loser.get("/swallow"), "clash", Folder.titled("loser"));
            try (Session winner = store.openSession()) {
                winner.create(winner.get("/swallow"), "clash", Folder.titled("winner"));
                winner.commit(TxInfo.of("winner"));
            }
            CommitHook swallowing = (c, tid) -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO hook_log VALUES ('swallowed', 1)");
                } catch (java.sql.SQLException ignored) {
                    // a careless hook
                }
            };
            ConflictException e = assertThrows(ConflictException.class, () -> loser.commit(TxInfo.of("loser"), swallowing));
            assertTrue(e.getMessage().contains("name already taken"), e.getMessage());
        }
        assertEquals(before + 1, transactions(), "only the winner's");
        assertEquals(-1, logged("swallowed"));
        try (Session s = store.openSession()) {
            assertEquals("winner", s.get("/swallow/clash", Folder.class).title());
        }
    }

    /** Holds a session-level advisory lock from inCommit, released after the COMMIT; {@code refuse} vetoes the commit. */
    private static CommitHook lockedUntilCommitted(long key, boolean refuse, String after) {
        return new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) throws java.sql.SQLException {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    ps.setLong(1, key);
                    ps.execute();
                }
            }

            @Override
            public java.util.List<Statement> withCommit(long tid) {
                return java.util.List.of(Statement.of("SELECT ns_require(?, 'refused')", !refuse));
            }

            @Override
            public java.util.List<Statement> afterCommit(long tid) {
                return java.util.List.of(Statement.of(after, key));
            }
        };
    }

    private boolean lockFree(long key) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?), pg_advisory_unlock_all()")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void statements_after_the_commit_run_only_when_it_committed() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "after-commit", Folder.titled("x"));
            s.commit(TxInfo.of("t"), lockedUntilCommitted(4201, false, "SELECT pg_advisory_unlock(?)"));
            assertTrue(lockFree(4201), "released right after the COMMIT");

            s.create(s.root(), "after-refusal", Folder.titled("x"));
            assertThrows(CommitRefusedException.class,
                    () -> s.commit(TxInfo.of("t"), lockedUntilCommitted(4202, true, "SELECT pg_advisory_unlock(?)")));
            assertFalse(lockFree(4202), "not sent after a refused commit: the session's connection still holds it");
            s.abort();
            // an error after the COMMIT neither undoes nor fails it
            s.create(s.root(), "after-error", Folder.titled("x"));
            long tid = s.commit(TxInfo.of("t"), lockedUntilCommitted(4203, false, "SELECT 1 / (? - 4203)"));
            assertTrue(tid > 0);
        }
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/after-commit"));
            assertFalse(s.exists("/after-refusal"));
            assertTrue(s.exists("/after-error"));
        }
    }
}
