package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Link;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class SessionApiTest {
    private final Store store;

    SessionApiTest(Store store) {
        this.store = store;
    }

    private Node folder(Session s, String path) {
        int slash = path.lastIndexOf('/');
        Node parent = slash == 0 ? s.root() : s.get(path.substring(0, slash));
        return s.create(parent, path.substring(slash + 1), Folder.titled(path));
    }

    @Test
    void root_is_an_empty_folder_at_slash() {
        try (Session s = store.openSession()) {
            Node root = s.root();
            assertEquals("/", root.path());
            assertEquals(Node.ROOT_OID, root.oid());
            assertTrue(root.is(Folder.class));
            assertEquals(root.oid(), s.get("/").oid());
        }
    }

    @Test
    void created_nodes_are_readable_in_the_session_and_after_commit() {
        long tid;
        try (Session s = store.openSession("editor")) {
            Node site = folder(s, "/api1");
            Node doc = s.create(site, "hello", Document.of("Hello", "Body text"));
            assertEquals("/api1/hello", doc.path());
            assertEquals(0, doc.tid());
            assertEquals("Hello", s.get("/api1/hello", Document.class).title(), "read-your-writes");
            tid = s.commit(TxInfo.of("editor").withNote("first"));
            assertTrue(tid > 0);
        }
        try (Session s = store.openSession()) {
            Node doc = s.get("/api1/hello");
            assertEquals(tid, doc.tid());
            assertEquals("editor", doc.owner());
            assertEquals(Document.class.getName(), doc.typeName());
            assertEquals("Body text", doc.object(Document.class).body());
            assertEquals(doc.path(), s.find(doc.oid()).orElseThrow().path());
            assertThrows(WrongTypeException.class, () -> s.get("/api1/hello", Folder.class));
        }
    }

    @Test
    void update_move_and_delete_are_visible_after_commit() {
        try (Session s = store.openSession()) {
            Node a = folder(s, "/api2");
            Node b = s.create(a, "b", Folder.titled("b"));
            s.create(b, "doc", Document.of("One", "x"));
            s.create(a, "other", Folder.titled("other"));
            s.commit(TxInfo.of("t"));
        }
        try (Session s = store.openSession()) {
            Node doc = s.get("/api2/b/doc");
            s.update(doc.withObject(doc.object(Document.class).withTitle("Two")));
            Node moved = s.move(s.get("/api2/b"), s.get("/api2/other"), "b2");
            assertEquals("/api2/other/b2", moved.path());
            assertEquals("Two", s.get("/api2/other/b2/doc", Document.class).title());
            assertFalse(s.exists("/api2/b"));
            s.commit(TxInfo.of("t"));
        }
        try (Session s = store.openSession()) {
            assertEquals("Two", s.get("/api2/other/b2/doc", Document.class).title());
            s.delete(s.get("/api2/other"));
            assertFalse(s.exists("/api2/other/b2/doc"));
            s.commit(TxInfo.of("t"));
        }
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/api2/other"));
            assertFalse(s.exists("/api2/other/b2/doc"));
            assertTrue(s.exists("/api2"));
        }
    }

    @Test
    void children_are_listed_by_name_in_pages_including_staged_ones() {
        try (Session s = store.openSession()) {
            Node f = folder(s, "/api3");
            for (String n : List.of("d", "b", "a", "e", "c")) {
                s.create(f, n, Link.to(n, "https://example.org/" + n));
            }
            s.commit(TxInfo.of("t"));
        }
        try (Session s = store.openSession()) {
            Node f = s.get("/api3");
            ChildPage first = s.children(f, Page.first(2));
            assertEquals(List.of("a", "b"), first.nodes().stream().map(Node::name).toList());
            ChildPage second = s.children(f, first.next().orElseThrow());
            assertEquals(List.of("c", "d"), second.nodes().stream().map(Node::name).toList());
            s.create(f, "bb", NewsItem.of("bb", "news", java.time.Instant.now()));
            s.delete(s.get("/api3/c"));
            String all = s.children(f).map(Node::name).collect(Collectors.joining(","));
            assertEquals("a,b,bb,d,e", all);
            assertEquals("/api3/bb", s.children(f).filter(n -> n.name().equals("bb")).findFirst().orElseThrow().path());
        }
    }

    @Test
    void a_listing_after_an_abort_shows_what_was_staged_since() {
        try (Session s = store.openSession()) {
            Node f = folder(s, "/api-abort");
            s.create(f, "c", Document.of("c", ""));
            s.commit(TxInfo.of("t"));
        }
        try (Session s = store.openSession()) {
            Node f = s.get("/api-abort");
            s.create(f, "a", Document.of("a", ""));
            s.update(f.withObject(Folder.titled("changed")));
            assertEquals(List.of("a", "c"), s.children(f).map(Node::name).toList());
            s.abort();
            f = s.get("/api-abort");
            s.create(f, "d", Document.of("d", ""));
            assertEquals(List.of("c", "d"), s.children(f).map(Node::name).toList());
        }
    }

    @Test
    void duplicate_names_and_bad_names_are_refused_at_the_call() {
        try (Session s = store.openSession()) {
            Node f = folder(s, "/api4");
            s.create(f, "x", Document.of("x", ""));
            assertThrows(NameTakenException.class, () -> s.create(f, "x", Document.of("again", "")));
            for (String bad : List.of("", "a/b", ".", "..", "tab\there", "x".repeat(256))) {
                assertThrows(InvalidNameException.class, () -> s.create(f, bad, Document.of("bad", "")), bad);
            }
            for (String bad : List.of("relative", "/a//b", "/a/", "")) {
                assertThrows(InvalidNameException.class, () -> s.get(bad), bad);
            }
            assertThrows(NoSuchNodeException.class, () -> s.get("/api4/missing"));
            s.create(f, "y", Document.of("y", ""));
            assertThrows(NameTakenException.class, () -> s.move(s.get("/api4/y"), f, "x"));
            s.commit(TxInfo.of("t"));
            // a name taken in the snapshot is refused at commit, which then writes nothing
            s.create(f, "z", Document.of("z", ""));
            s.create(f, "x", Document.of("committed already", ""));
            NameTakenException e = assertThrows(NameTakenException.class, () -> s.commit(TxInfo.of("t")));
            assertEquals("/api4", e.parentPath());
            assertEquals("x", e.name());
            s.abort();
            assertFalse(s.exists("/api4/z"));
            assertThrows(StoreException.class, () -> s.move(f, s.get("/api4/y"), "loop"));
            assertThrows(StoreException.class, () -> s.delete(s.root()));
        }
    }

    @Test
    void unregistered_classes_are_refused_on_write() {
        record Secret(String value) {
        }
        try (Session s = store.openSession()) {
            assertThrows(UnregisteredTypeException.class, () -> s.create(s.root(), "secret", new Secret("x")));
            assertFalse(s.hasChanges());
        }
    }

    @Test
    void abort_discards_staged_writes_and_close_too() {
        try (Session s = store.openSession()) {
            folder(s, "/api5");
            assertTrue(s.hasChanges());
            s.abort();
            assertFalse(s.hasChanges());
            assertFalse(s.exists("/api5"));
            folder(s, "/api5");
        }
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/api5"));
        }
    }

    @Test
    void commit_records_the_transaction() throws Exception {
        long tid;
        try (Session s = store.openSession("bob")) {
            folder(s, "/api6");
            tid = s.commit(new TxInfo("bob", "reindex", "run-42", "box1", "nightly"));
        }
        try (var c = store.dataSource().getConnection();
                var ps = c.prepareStatement("SELECT user_name, job_name, run_id, host, note FROM ns_tx WHERE tid = ?")) {
            ps.setLong(1, tid);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("bob", rs.getString(1));
                assertEquals("reindex", rs.getString(2));
                assertEquals("run-42", rs.getString(3));
                assertEquals("box1", rs.getString(4));
                assertEquals("nightly", rs.getString(5));
            }
        }
        try (Session s = store.openSession()) {
            assertEquals(s.snapshotTid(), s.commit(TxInfo.of("nobody")), "an empty commit writes nothing");
        }
        assertTrue(store.lastTid() >= tid);
    }

    @Test
    void history_keeps_the_previous_state() throws Exception {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.create(folder(s, "/api7"), "d", Document.of("v1", "")).oid();
            s.commit(TxInfo.of("t"));
            Node d = s.get("/api7/d");
            s.update(d.withObject(d.object(Document.class).withTitle("v2")));
            s.commit(TxInfo.of("t"));
        }
        try (var c = store.dataSource().getConnection();
                var ps = c.prepareStatement("SELECT count(*), count(end_tid) FROM ns_object WHERE oid = ?")) {
            ps.setLong(1, oid);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both versions kept");
                assertEquals(1, rs.getInt(2), "the old one ended");
            }
        }
    }
}
