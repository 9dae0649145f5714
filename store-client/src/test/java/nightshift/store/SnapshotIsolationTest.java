package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class SnapshotIsolationTest {
    private final Store store;

    SnapshotIsolationTest(Store store) {
        this.store = store;
    }

    @Test
    void find_all_reads_many_oids_at_the_snapshot_and_through_the_sessions_own_writes(StoreConfig config) {
        long a;
        long b;
        long c;
        long gone;
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "many", Folder.titled("many"));
            a = s.create(f, "a", Document.of("a1", "")).oid();
            b = s.create(f, "b", Document.of("b1", "")).oid();
            c = s.create(f, "c", Document.of("c1", "")).oid();
            gone = s.create(f, "gone", Document.of("gone", "")).oid();
            s.commit(TxInfo.of("setup"));
        }
        // A store of its own, so that its cache has none of these rows and they come from the database.
        try (Store cold = Store.open(config); Session reader = cold.openSession()) {
            Node many = reader.get("/many");
            try (Session writer = store.openSession()) {
                Node wa = writer.get("/many/a");
                writer.update(wa.withObject(wa.object(Document.class).withTitle("a2")));
                writer.delete(writer.get("/many/gone"));
                writer.commit(TxInfo.of("writer"));
            }
            Node created = reader.create(many, "new", Document.of("new", ""));
            Node rb = reader.get("/many/b");
            reader.update(rb.withObject(rb.object(Document.class).withTitle("b2")));
            reader.delete(reader.get("/many/c"));
            Map<Long, Node> found = reader.findAll(new long[] {created.oid(), gone, a, 999_999_999L, b, c});
            assertEquals(List.of(created.oid(), gone, a, b), List.copyOf(found.keySet()), "in the order asked, without c");
            assertEquals("/many/new", found.get(created.oid()).path());
            assertEquals("/many/gone", found.get(gone).path(), "deleted after the snapshot: still seen");
            assertEquals("a1", found.get(a).object(Document.class).title(), "changed after the snapshot: as it was");
            assertEquals("b2", found.get(b).object(Document.class).title(), "the session's own update");
            assertEquals(found.get(a).object(Document.class), reader.find(a).orElseThrow().object(Document.class));
            assertEquals(Map.of(), reader.findAll(new long[0]));
        }
    }

    @Test
    void a_session_does_not_see_commits_made_after_it_began() {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "snap", Folder.titled("snap"));
            s.create(f, "a", Document.of("a1", ""));
            s.create(f, "gone", Document.of("gone", ""));
            s.create(f, "moving", Document.of("moving", ""));
            s.commit(TxInfo.of("setup"));
        }
        try (Session reader = store.openSession()) {
            Node a = reader.get("/snap/a");
            assertEquals("a1", a.object(Document.class).title());
            try (Session writer = store.openSession()) {
                Node wa = writer.get("/snap/a");
                writer.update(wa.withObject(wa.object(Document.class).withTitle("a2")));
                writer.create(writer.get("/snap"), "b", Document.of("b", ""));
                writer.delete(writer.get("/snap/gone"));
                writer.move(writer.get("/snap/moving"), writer.root(), "moved");
                writer.commit(TxInfo.of("writer"));
            }
            assertEquals("a1", reader.get("/snap/a", Document.class).title());
            assertEquals("a1", reader.find(a.oid()).orElseThrow().object(Document.class).title());
            assertFalse(reader.exists("/snap/b"));
            assertTrue(reader.exists("/snap/gone"));
            assertTrue(reader.exists("/snap/moving"));
            assertFalse(reader.exists("/moved"));
            assertEquals(List.of("a", "gone", "moving"),
                    reader.children(reader.get("/snap")).map(Node::name).toList());
            reader.abort();
            assertEquals("a2", reader.get("/snap/a", Document.class).title(), "a new snapshot after abort");
            assertEquals(List.of("a", "b"), reader.children(reader.get("/snap")).map(Node::name).toList());
            // Names looked up at the old snapshot, found or not, are looked up again at the new one.
            assertTrue(reader.exists("/snap/b"));
            assertFalse(reader.exists("/snap/gone"));
            assertFalse(reader.exists("/snap/moving"));
            assertTrue(reader.exists("/moved"));
        }
    }

    @Test
    void the_shared_cache_never_shows_a_newer_version_to_an_older_snapshot() {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.create(s.root(), "cached", Document.of("v1", "")).oid();
            s.commit(TxInfo.of("setup"));
        }
        try (Session old = store.openSession()) {
            try (Session w = store.openSession()) {
                Node n = w.get("/cached");
                w.update(n.withObject(n.object(Document.class).withTitle("v2")));
                w.commit(TxInfo.of("w"));
            }
            try (Session fresh = store.openSession()) {
                assertEquals("v2", fresh.find(oid).orElseThrow().object(Document.class).title());
            }
            assertEquals("v1", old.find(oid).orElseThrow().object(Document.class).title());
        }
        try (Session s = store.openSession()) {
            assertEquals("v2", s.find(oid).orElseThrow().object(Document.class).title());
        }
    }

    @Test
    void an_open_session_holds_no_transaction_and_no_lock_between_calls() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "idle", Folder.titled("t"));
            s.commit(TxInfo.of("setup"));
        }
        try (Session reader = store.openSession(); Session writer = store.openSession()) {
            reader.get("/idle");
            reader.children(reader.root()).count();
            Node n = writer.get("/idle");
            writer.update(n.withObject(Folder.titled("changed")));
            for (int i = 0; i < 20; i++) {
                writer.create(writer.root(), "idle-" + i, Folder.titled("x"));
            }
            try (var c = store.dataSource().getConnection(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FILTER (WHERE a.state LIKE 'idle in transaction%'),"
                            + " (SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation"
                            + "   WHERE l.pid <> pg_backend_pid() AND r.relname LIKE 'ns\\_%')"
                            + " FROM pg_stat_activity a WHERE a.datname = current_database()")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no session sits in an open transaction");
                assertEquals(0, rs.getInt(2), "no session holds a lock on the store's tables");
            }
            try (Session other = store.openSession()) {
                Node m = other.get("/idle");
                other.update(m.withObject(Folder.titled("committed while the others are open")));
                other.commit(TxInfo.of("other"));
            }
        }
    }

    @Test
    void objects_handed_out_are_copies_not_shared() {
        try (Session s = store.openSession()) {
            s.create(s.root(), "copies", Folder.titled("t"));
            s.commit(TxInfo.of("setup"));
        }
        try (Session a = store.openSession(); Session b = store.openSession()) {
            Object first = a.get("/copies").object();
            Object second = b.get("/copies").object();
            assertEquals(first, second);
            assertFalse(first == second);
        }
    }

    @Test
    void a_path_resolved_before_comes_from_the_cache_until_another_process_renames_moves_or_deletes_it() {
        long doc;
        long start;
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "names", Folder.titled("names"));
            s.create(f, "sub", Folder.titled("sub"));
            doc = s.create(f, "doc", Document.of("first", "")).oid();
            start = s.commit(TxInfo.system("setup"));
        }
        try (Store other = Store.open(store.config())) { // another process: a cache of its own
            for (int i = 0; i < 2; i++) { // the second session finds both names in the cache (ObjectCacheTest)
                try (Session s = other.openSession()) {
                    assertEquals(doc, s.get("/names/doc").oid());
                }
            }

            try (Session s = store.openSession()) {
                s.move(s.get("/names/doc"), s.get("/names"), "old");
                s.create(s.get("/names"), "doc", Document.of("second", ""));
                s.commit(TxInfo.system("rename and replace"));
            }
            try (Session s = other.openSession()) {
                // the renamed node, cached again by oid, must not answer for its old name
                assertEquals("old", s.find(doc).orElseThrow().name());
                assertEquals("second", s.get("/names/doc", Document.class).title());
                assertEquals(doc, s.get("/names/old").oid());
            }
            try (Session s = store.openSession()) {
                s.move(s.get("/names/old"), s.get("/names/sub"), "old");
                s.delete(s.get("/names/doc"));
                s.commit(TxInfo.system("move and delete"));
            }
            try (Session s = other.openSession()) {
                assertFalse(s.exists("/names/old"));
                assertFalse(s.exists("/names/doc"));
                assertEquals(doc, s.get("/names/sub/old").oid());
            }
            try (Session past = other.openSessionAt(start)) {
                assertEquals("first", past.get("/names/doc", Document.class).title());
                assertFalse(past.exists("/names/old"));
            }
        }
    }
}
