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
import nightshift.store.spi.CommitHook;
import nightshift.store.spi.Connections;
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

    /** A hook of statements alone (CommitHook.asStatements): they name the tid as ns_tid() in SQL. */
    private static CommitHook statements(String label, String refusal, String after) {
        return new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) {
                throw new AssertionError("a hook of statements is not called in the commit");
            }

            @Override
            public Statements asStatements() {
                java.util.List<Statement> with = new java.util.ArrayList<>();
                with.add(Statement.of("INSERT INTO hook_log VALUES (?, coalesce(ns_tid(), 0))", label));
                if (refusal != null) {
                    with.add(Statement.of("SELECT ns_require(false, ?)", refusal));
                }
                return new Statements(with, java.util.List.of(Statement.of(after, label + "-after")));
            }
        };
    }

    private static final String LOG_AFTER = "INSERT INTO hook_log VALUES (?, coalesce(ns_tid(), -7))";

    /**
     * The same statements whichever way the commit goes: in one round trip (the writes on the heap), in two (a move
     * needs its cycle check after the insert; a session that spilled), and with nothing staged.
     */
    @Test
    void a_hook_of_statements_finds_the_new_tid_as_ns_tid_whichever_way_the_commit_goes() throws Exception {
        long heap;
        long moved;
        try (Session s = store.openSession()) {
            Node a = s.create(s.root(), "statements-a", Folder.titled("a"));
            s.create(s.root(), "statements-b", Folder.titled("b"));
            heap = s.commit(TxInfo.of("t"), statements("statements-heap", null, LOG_AFTER));
            s.move(s.get("/statements-b"), s.get("/statements-a"), "b");
            moved = s.commit(TxInfo.of("t"), statements("statements-moved", null, LOG_AFTER));
            assertTrue(s.exists("/statements-a/b"));
            assertTrue(a.oid() > 0);
            assertEquals(s.snapshotTid(), s.commit(TxInfo.of("t"), statements("statements-empty", null, LOG_AFTER)));
        }
        assertEquals(heap, logged("statements-heap"));
        assertEquals(moved, logged("statements-moved"));
        assertTrue(moved > heap);
        assertEquals(0, logged("statements-empty"), "NULL when nothing was staged");
        assertEquals(-7, logged("statements-heap-after"), "NULL after the COMMIT");
        assertEquals(-7, logged("statements-empty-after"));
    }

    @Test
    void a_conflict_found_in_one_round_trip_is_told_as_in_two_and_nothing_is_kept() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "one-trip-conflict", Folder.titled("old"));
            s.commit(TxInfo.of("t"));
        }
        long before = transactions();
        try (Session mine = store.openSession(); Session theirs = store.openSession()) {
            Node node = mine.get("/one-trip-conflict");
            Node changed = theirs.get("/one-trip-conflict");
            theirs.update(changed.withObject(Folder.titled("theirs")));
            theirs.commit(TxInfo.of("t"));
            mine.update(node.withObject(Folder.titled("mine")));
            mine.create(mine.root(), "one-trip-conflict-new", Folder.titled("new"));
            ConflictException e = assertThrows(ConflictException.class,
                    () -> mine.commit(TxInfo.of("t"), statements("one-trip-conflict", null, LOG_AFTER)));
            assertEquals(java.util.List.of("/one-trip-conflict"), e.paths());
        }
        assertEquals(before + 1, transactions(), "only theirs");
        assertEquals(-1, logged("one-trip-conflict"));
        assertEquals(-1, logged("one-trip-conflict-after"));
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/one-trip-conflict-new"));
            assertEquals("theirs", s.get("/one-trip-conflict", Folder.class).title());
        }
    }

    @Test
    void a_statement_of_a_one_round_trip_commit_refuses_it_or_fails_after_it() throws Exception {
        long before = transactions();
        try (Session s = store.openSession()) {
            s.create(s.root(), "one-trip-refused", Folder.titled("x"));
            CommitRefusedException e = assertThrows(CommitRefusedException.class,
                    () -> s.commit(TxInfo.of("t"), statements("one-trip-refused", "not now", LOG_AFTER)));
            assertEquals("not now", e.getMessage());
            assertEquals(before, transactions());
            s.abort();
            assertFalse(s.exists("/one-trip-refused"));

            // an error after the COMMIT neither undoes nor fails it, and the tid is still known
            s.create(s.root(), "one-trip-after-error", Folder.titled("x"));
            long tid = s.commit(TxInfo.of("t"), statements("one-trip-after-error", null, "SELECT 1 / length(?) / 0"));
            assertEquals(tid, logged("one-trip-after-error"));
            assertTrue(s.exists("/one-trip-after-error"));
        }
        assertEquals(-1, logged("one-trip-refused"));
    }

    /**
     * A connection plans its commits' statements again once the store's tid has doubled: a generic plan made on a
     * young store's first rows (a hash join over every current version) was kept until autovacuum came, a minute or
     * more after the table had grown a thousandfold. Jumping the tid sequence to the next power of two (gaps in tids
     * are harmless), the same check gets a second prepared statement on the same connection.
     */
    @Test
    void a_connection_plans_the_commits_checks_again_when_the_store_has_doubled() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "doubling", Folder.titled("x"));
            s.commit(TxInfo.of("t"));
        }
        try (Connection c = store.dataSource().getConnection()) {
            Store onC = Connections.onConnection(store, c);
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT setval('ns_tid_seq', (2 ^ ceil(log(2, last_value + 2)))::bigint)"
                                + " FROM ns_tid_seq");
                    }
                }
                for (int i = 0; i < 6; i++) { // the driver prepares a statement on the server at its fifth use
                    try (Session s = onC.openSession()) {
                        s.create(s.get("/doubling"), "r" + round + "-" + i, Folder.titled("x"));
                        s.commit(TxInfo.of("t"));
                    }
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_prepared_statements"
                    + " WHERE statement LIKE '%ns_require(NOT EXISTS (SELECT p FROM unnest(%'")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "the check prepared once before the doubling and once after");
            }
        }
    }

    /**
     * The checks keep one generic plan per connection instead of a custom plan per commit, and the statements after
     * them (the writes, the hook's) run under the connection's usual plans again: on the usual path, where the hook
     * is called in the commit, and in one round trip, where its statements refuse the commit otherwise.
     */
    @Test
    void the_checks_are_planned_once_and_the_hook_runs_under_the_usual_plans() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "plans", Folder.titled("x"));
            s.commit(TxInfo.of("t"));
        }
        java.util.List<String> modes = new java.util.ArrayList<>();
        long[] generic = new long[1];
        long[] custom = new long[1];
        for (int i = 0; i < 12; i++) {
            try (Session s = store.openSession()) {
                s.create(s.get("/plans"), "usual-" + i, Folder.titled("x"));
                s.commit(TxInfo.of("t"), (c, tid) -> {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('plan_cache_mode'),"
                            + " coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements"
                            + " WHERE statement LIKE '%SELECT p FROM unnest(%'")) {
                        rs.next();
                        modes.add(rs.getString(1));
                        generic[0] = Math.max(generic[0], rs.getLong(2));
                        custom[0] = Math.max(custom[0], rs.getLong(3));
                    }
                });
            }
        }
        assertEquals(java.util.Collections.nCopies(12, "auto"), modes);
        assertTrue(generic[0] > 0, "the check became a prepared statement on the server");
        assertEquals(0, custom[0], "custom plans of the check");

        CommitHook usualPlans = new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) {
                throw new AssertionError("a hook of statements is not called in the commit");
            }

            @Override
            public Statements asStatements() {
                return new Statements(java.util.List.of(Statement.of("SELECT ns_require(current_setting('plan_cache_mode') = 'auto'"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE statement LIKE '%ns_require(NOT EXISTS (SELECT p FROM unnest(%'"
                        + " AND custom_plans > 0), 'a check was planned for this commit, or the hook runs under its plans')")),
                        java.util.List.of());
            }
        };
        for (int i = 0; i < 12; i++) {
            try (Session s = store.openSession()) {
                s.create(s.get("/plans"), "one-trip-" + i, Folder.titled("x"));
                assertTrue(s.commit(TxInfo.of("t"), usualPlans) > 0);
            }
        }
    }
}
