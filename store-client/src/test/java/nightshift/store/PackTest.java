package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.internal.Snapshots;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pack against what reads history: open sessions, sessions in the past, and another process's object cache. */
@ExtendWith(StoreExtension.class)
class PackTest {
    private final Store store;

    PackTest(Store store) {
        this.store = store;
    }

    private long retitle(Store on, String path, String title) {
        try (Session s = on.openSession()) {
            Node n = s.get(path);
            s.update(n.withObject(n.object(Document.class).withTitle(title)));
            return s.commit(TxInfo.system("retitle"));
        }
    }

    private void sql(String sql) {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private OptionalLong oldestSnapshot() {
        try (Connection c = store.dataSource().getConnection()) {
            return Snapshots.oldest(c);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private Pack.Report packAll() {
        sql("UPDATE ns_tx SET committed_at = committed_at - interval '30 days'");
        return Pack.run(store, "system", Pack.Options.keepDays(0), Pack.Listener.NONE, () -> false);
    }

    @Test
    void sessions_register_their_snapshot_until_they_close() {
        try (Session s = store.openSession()) {
            s.create(s.root(), "reg", Folder.titled("reg"));
            s.commit(TxInfo.system("setup"));
        }
        long before = store.lastTid();
        try (Session s = store.openSession()) {
            assertEquals(OptionalLong.of(before), oldestSnapshot());
            s.create(s.get("/reg"), "x", Document.of("x", ""));
            long tid = s.commit(TxInfo.system("x"));
            assertEquals(OptionalLong.empty(), oldestSnapshot(), "the commit released the snapshot it read at");
            assertTrue(s.exists("/reg/x"));
            assertEquals(OptionalLong.of(tid), oldestSnapshot(), "its next read registers the newest one");
            try (Session past = store.openSessionAt(before)) {
                assertEquals(OptionalLong.of(before), oldestSnapshot());
                assertTrue(!past.exists("/reg/x"));
                assertThrows(StoreException.class, () -> past.create(past.root(), "no", Folder.titled("no")));
            }
        }
        assertEquals(OptionalLong.empty(), oldestSnapshot(), "closed sessions leave nothing registered");
    }

    @Test
    void a_commit_that_conflicts_keeps_the_snapshot_its_session_still_reads_at() {
        try (Session s = store.openSession()) {
            s.create(s.root(), "held", Document.of("held", ""));
            s.commit(TxInfo.system("setup"));
        }
        long before = store.lastTid();
        try (Session a = store.openSession()) {
            Node held = a.get("/held");
            a.update(held.withObject(Document.of("from a", "")));
            try (Session b = store.openSession()) {
                Node mine = b.get("/held");
                b.update(mine.withObject(Document.of("from b", "")));
                b.commit(TxInfo.system("b"));
            }
            assertThrows(ConflictException.class, () -> a.commit(TxInfo.system("a")));
            assertEquals(OptionalLong.of(before), oldestSnapshot(), "a still reads at its snapshot, so pack must keep it");
            a.abort();
            assertEquals("from b", a.get("/held", Document.class).title());
            assertEquals(OptionalLong.of(before + 1), oldestSnapshot(), "after the abort it reads, and holds, the newest");
        }
        assertEquals(OptionalLong.empty(), oldestSnapshot());
    }

    @Test
    void another_store_s_cache_does_not_serve_a_version_pack_removed_the_trace_of() {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "cached", Folder.titled("cached"));
            s.create(f, "a", Document.of("A1", ""));
            s.commit(TxInfo.system("setup"));
        }
        long oid;
        try (Session s = store.openSession()) {
            oid = s.get("/cached/a").oid();
        }
        try (Store other = Store.open(store.config())) {
            // reads by oid go through the cache
            try (Session s = other.openSession()) {
                assertEquals("A1", s.find(oid).orElseThrow().object(Document.class).title());
            }
            try (Session s = other.openSession()) {
                assertEquals("A1", s.find(oid).orElseThrow().object(Document.class).title());
            }
            assertTrue(other.cacheStats()[1] >= 1, "the second read was a cache hit");
            retitle(store, "/cached/a", "A2");
            Pack.Report report = packAll();
            assertTrue(report.states() >= 1, report::summary);
            try (Session s = other.openSession()) {
                assertEquals("A2", s.find(oid).orElseThrow().object(Document.class).title());
            }
        }
    }

    @Test
    void a_session_in_the_past_is_refused_once_pack_removed_its_history() {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "past", Folder.titled("past"));
            s.create(f, "a", Document.of("P1", ""));
            s.commit(TxInfo.system("setup"));
        }
        long old = store.lastTid();
        retitle(store, "/past/a", "P2");
        try (Session past = store.openSessionAt(old)) {
            assertEquals("P1", past.get("/past/a", Document.class).title());
        }
        packAll();
        StoreException e = assertThrows(StoreException.class, () -> store.openSessionAt(old).close());
        assertTrue(e.getMessage().contains("was packed"), e.getMessage());
        assertThrows(StoreException.class, () -> store.openSessionAt(store.lastTid() + 100).close());
    }

    private boolean waiting(String lockCondition) {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND " + lockCondition)) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_session_opened_in_the_past_while_pack_works_out_its_horizon_is_refused_or_keeps_its_history() throws Exception {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "race", Folder.titled("race"));
            s.create(f, "a", Document.of("R1", ""));
            s.commit(TxInfo.system("setup"));
        }
        long old = store.lastTid();
        retitle(store, "/race/a", "R2");
        sql("UPDATE ns_tx SET committed_at = committed_at - interval '30 days'");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (Store reader = Store.open(store.config());
                Connection blocker = store.dataSource().getConnection()) {
            // Holds pack between reading the oldest registered snapshot and recording its horizon.
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE ns_pack IN SHARE MODE");
            }
            java.util.concurrent.Future<Pack.Report> pack = threads.submit(
                    () -> Pack.run(store, "system", Pack.Options.keepDays(0), Pack.Listener.NONE, () -> false));
            await(() -> waiting("relation = 'ns_pack'::regclass"), "pack waits to record its horizon");
            java.util.concurrent.Future<Session> past = threads.submit(() -> reader.openSessionAt(old));
            await(() -> past.isDone() || waiting("locktype = 'advisory'"), "the session in the past opened or waits");
            blocker.commit();
            assertTrue(pack.get(30, java.util.concurrent.TimeUnit.SECONDS).states() >= 1);
            Session session;
            try {
                session = past.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof StoreException && e.getCause().getMessage().contains("was packed"),
                        String.valueOf(e.getCause()));
                return;
            }
            try (Session opened = session) {
                assertEquals("R1", opened.get("/race/a", Document.class).title(),
                        "a session in the past that opened reads the history it was promised");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_stopped_pack_leaves_a_consistent_store_and_the_next_one_finishes() {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "stop", Folder.titled("stop"));
            for (int i = 0; i < 30; i++) {
                s.create(f, "d" + i, Document.of("v1", ""));
            }
            s.commit(TxInfo.system("setup"));
        }
        try (Session s = store.openSession()) {
            for (int i = 0; i < 30; i++) {
                Node n = s.get("/stop/d" + i);
                s.update(n.withObject(n.object(Document.class).withTitle("v2")));
            }
            s.commit(TxInfo.system("v2"));
        }
        sql("UPDATE ns_tx SET committed_at = committed_at - interval '30 days'");
        int[] batches = {0};
        Pack.Report stopped = Pack.run(store, "system", new Pack.Options(java.time.Duration.ZERO, 10),
                (states, bytes) -> batches[0]++, () -> batches[0] >= 1);
        assertEquals(10, stopped.states());
        assertTrue(!stopped.complete(), stopped::summary);
        try (Session s = store.openSession()) {
            for (int i = 0; i < 30; i++) {
                assertEquals("v2", s.get("/stop/d" + i, Document.class).title());
            }
        }
        Pack.Report rest = Pack.run(store, "system", new Pack.Options(java.time.Duration.ZERO, 10), Pack.Listener.NONE, () -> false);
        assertTrue(rest.complete(), rest::summary);
        assertTrue(rest.states() >= 20, rest::summary);
    }
}
