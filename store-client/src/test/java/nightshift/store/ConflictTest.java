package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two sessions, both read, both write: the second commit must fail with a conflict and write nothing. */
@ExtendWith(StoreExtension.class)
class ConflictTest {
    private final Store store;

    ConflictTest(Store store) {
        this.store = store;
    }

    private void setUp(String folder, String... docs) {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), folder, Folder.titled(folder));
            for (String d : docs) {
                s.create(f, d, Document.of(d, "original"));
            }
            s.commit(TxInfo.of("setup"));
        }
    }

    private static void retitle(Session s, String path, String title) {
        Node n = s.get(path);
        s.update(n.withObject(n.object(Document.class).withTitle(title)));
    }

    private String title(String path) {
        try (Session s = store.openSession()) {
            return s.get(path, Document.class).title();
        }
    }

    private long tidCount() throws Exception {
        try (var c = store.dataSource().getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM ns_tx")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void commit_fails_with_conflict_when_node_changed_after_snapshot() throws Exception {
        setUp("uu", "d", "e");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            retitle(a, "/uu/d", "from a");
            retitle(b, "/uu/d", "from b");
            retitle(b, "/uu/e", "from b");
            a.commit(TxInfo.of("a"));
            long before = tidCount();
            ConflictException e = assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
            assertEquals(List.of("/uu/d"), e.paths());
            assertTrue(e.getMessage().contains("/uu/d"), e.getMessage());
            assertEquals(before, tidCount(), "no transaction recorded");
        }
        assertEquals("from a", title("/uu/d"));
        assertEquals("e", title("/uu/e"), "nothing of the failed commit was written");
    }

    @Test
    void update_after_concurrent_delete_conflicts() {
        setUp("ud", "d");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            a.delete(a.get("/ud/d"));
            retitle(b, "/ud/d", "from b");
            a.commit(TxInfo.of("a"));
            assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
        }
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/ud/d"));
        }
    }

    @Test
    void delete_after_concurrent_update_conflicts() {
        setUp("du", "d");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            retitle(a, "/du/d", "from a");
            b.delete(b.get("/du/d"));
            a.commit(TxInfo.of("a"));
            assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
        }
        assertEquals("from a", title("/du/d"));
    }

    @Test
    void two_sessions_creating_the_same_name_one_wins() {
        setUp("cc");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            a.create(a.get("/cc"), "same", Document.of("a", ""));
            b.create(b.get("/cc"), "other", Document.of("b", ""));
            b.create(b.get("/cc"), "same", Document.of("b", ""));
            a.commit(TxInfo.of("a"));
            ConflictException e = assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
            assertTrue(e.getMessage().contains("name already taken"), e.getMessage());
        }
        try (Session s = store.openSession()) {
            assertEquals("a", s.get("/cc/same", Document.class).title());
            assertFalse(s.exists("/cc/other"), "the losing commit wrote nothing, not even its other create");
        }
    }

    @Test
    void move_after_concurrent_update_conflicts() {
        setUp("mu", "d");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            retitle(a, "/mu/d", "from a");
            b.move(b.get("/mu/d"), b.get("/mu"), "renamed");
            a.commit(TxInfo.of("a"));
            assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
        }
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/mu/d"));
            assertFalse(s.exists("/mu/renamed"));
        }
    }

    @Test
    void create_in_a_folder_deleted_concurrently_conflicts() {
        setUp("cd");
        try (Session a = store.openSession()) {
            Node sub = a.create(a.get("/cd"), "sub", Folder.titled("sub"));
            a.commit(TxInfo.of("a"));
            try (Session c = store.openSession()) {
                c.create(c.get("/cd/sub"), "child", Document.of("c", ""));
                a.delete(a.get("/cd/sub"));
                a.commit(TxInfo.of("a"));
                ConflictException e = assertThrows(ConflictException.class, () -> c.commit(TxInfo.of("c")));
                assertTrue(e.getMessage().contains("folder was deleted"), e.getMessage());
            }
            assertTrue(sub.oid() > 0);
        }
    }

    @Test
    void delete_of_a_folder_that_gained_a_child_concurrently_conflicts() {
        setUp("dg");
        try (Session a = store.openSession(); Session b = store.openSession()) {
            b.delete(b.get("/dg"));
            a.create(a.get("/dg"), "late", Document.of("late", ""));
            a.commit(TxInfo.of("a"));
            assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
        }
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/dg/late"), "no orphan and no lost child");
        }
    }

    @Test
    void crossed_moves_cannot_make_a_cycle() {
        try (Session s = store.openSession()) {
            Node x = s.create(s.root(), "cx", Folder.titled("x"));
            s.create(s.root(), "cy", Folder.titled("y"));
            s.commit(TxInfo.of("setup"));
            assertTrue(x.oid() > 0);
        }
        try (Session a = store.openSession(); Session b = store.openSession()) {
            a.move(a.get("/cx"), a.get("/cy"), "cx");
            b.move(b.get("/cy"), b.get("/cx"), "cy");
            a.commit(TxInfo.of("a"));
            assertThrows(ConflictException.class, () -> b.commit(TxInfo.of("b")));
        }
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/cy/cx"));
        }
    }

    @Test
    void concurrent_increments_lose_no_update() throws Exception {
        setUp("inc", "counter");
        int threads = 4;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            conflicts.add(pool.submit(() -> {
                int seen = 0;
                for (int i = 0; i < perThread; i++) {
                    while (true) {
                        try (Session s = store.openSession()) {
                            Node n = s.get("/inc/counter");
                            Document d = n.object(Document.class);
                            s.update(n.withObject(d.withBody(String.valueOf(Integer.parseInt(
                                    d.body().equals("original") ? "0" : d.body()) + 1))));
                            s.commit(TxInfo.of("inc"));
                            break;
                        } catch (ConflictException e) {
                            seen++;
                        }
                    }
                }
                return seen;
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES));
        for (Future<Integer> f : conflicts) {
            f.get();
        }
        try (Session s = store.openSession()) {
            assertEquals(String.valueOf(threads * perThread), s.get("/inc/counter", Document.class).body());
        }
    }
}
