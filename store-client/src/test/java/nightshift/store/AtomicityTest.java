package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.BulkCreateMain;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class AtomicityTest {
    private final Store store;
    private final StoreConfig config;

    AtomicityTest(Store store, StoreConfig config) {
        this.store = store;
        this.config = config;
    }

    private long[] counts() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM ns_object), (SELECT count(*) FROM ns_tx),"
                        + " (SELECT count(*) FROM ns_object WHERE end_tid IS NULL)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    @Test
    void a_commit_that_fails_half_way_writes_nothing() throws Exception {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "half", Folder.titled("half"));
            s.create(f, "existing", Document.of("unchanged", ""));
            s.commit(TxInfo.of("setup"));
        }
        try (Session loser = store.openSession()) {
            Node existing = loser.get("/half/existing");
            loser.update(existing.withObject(existing.object(Document.class).withTitle("changed")));
            loser.create(loser.get("/half"), "a-new-one", Document.of("new", ""));
            loser.create(loser.get("/half"), "clash", Document.of("loser", ""));
            try (Session winner = store.openSession()) {
                winner.create(winner.get("/half"), "clash", Document.of("winner", ""));
                winner.commit(TxInfo.of("winner"));
            }
            long[] before = counts();
            // The clash is found by the unique index while inserting, after the update already ended the old version.
            assertThrows(ConflictException.class, () -> loser.commit(TxInfo.of("loser")));
            long[] after = counts();
            assertEquals(before[0], after[0], "versions");
            assertEquals(before[1], after[1], "transactions");
            assertEquals(before[2], after[2], "current versions");
        }
        try (Session s = store.openSession()) {
            assertEquals("unchanged", s.get("/half/existing", Document.class).title());
            assertFalse(s.exists("/half/a-new-one"));
            assertEquals("winner", s.get("/half/clash", Document.class).title());
        }
    }

    @Test
    void a_process_killed_in_the_middle_of_a_large_commit_leaves_the_store_as_it_was() throws Exception {
        long[] before = counts();
        String app = "killed-" + ProcessHandle.current().pid();
        String[] store = ChildJvm.storeArgs(config);
        Process child = ChildJvm.start(BulkCreateMain.class, List.of("-Xmx256m"),
                store[0], store[1], store[2], "killed", "200000", app);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("IN COMMIT")) {
                // skip the child's log lines
            }
            assertEquals("IN COMMIT", line, "the child stopped before its commit hook");
            assertEquals(Boolean.TRUE, insertedNotCommitted(app), "the child's transaction holds the new versions");
        } finally {
            // killed on every path: a child left waiting would hold the commit lock for every later test
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        waitForBackendGone(app);
        long[] after = counts();
        assertEquals(before[0], after[0], "no version of the killed commit survived");
        assertEquals(before[1], after[1], "no transaction row of the killed commit survived");
        try (Session s = this.store.openSession()) {
            assertFalse(s.exists("/killed"));
            s.create(s.root(), "after-kill", Folder.titled("the commit lock was released"));
            s.commit(TxInfo.of("after"));
        }
    }

    /**
     * Whether a backend of the child waits idle in an open transaction that has written to ns_object (it has a
     * transaction id and holds ROW EXCLUSIVE on the table): the session's writes were sent and are not committed.
     */
    private Boolean insertedNotCommitted(String app) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                // any of the child's backends: its pool may have opened more than the session's by now
                ResultSet rs = st.executeQuery("SELECT bool_or(a.state = 'idle in transaction' AND a.backend_xid IS NOT NULL"
                        + " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.mode = 'RowExclusiveLock'"
                        + " AND l.relation = 'ns_object'::regclass)) FROM pg_stat_activity a WHERE a.application_name = '"
                        + app + "'")) {
            rs.next();
            boolean found = rs.getBoolean(1);
            return rs.wasNull() ? null : found;
        }
    }

    private void waitForBackendGone(String app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
    }
}
