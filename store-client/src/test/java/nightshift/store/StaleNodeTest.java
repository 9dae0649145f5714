package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write is based on the {@link Node} it is given: a node read before the session's last commit or abort, or read in
 * another session, whose version is not the one the session sees now, is a conflict, never a silent overwrite.
 */
@ExtendWith(StoreExtension.class)
class StaleNodeTest {
    private final Store store;

    StaleNodeTest(Store store) {
        this.store = store;
    }

    private void setUp(String folder, String... docs) {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), folder, Folder.titled(folder));
            s.create(f, "target", Folder.titled("target"));
            for (String d : docs) {
                s.create(f, d, Document.of(d, "original"));
            }
            s.commit(TxInfo.of("setup"));
        }
    }

    private void retitleElsewhere(String path, String title) {
        try (Session other = store.openSession()) {
            Node n = other.get(path);
            other.update(n.withObject(n.object(Document.class).withTitle(title)));
            other.commit(TxInfo.of("other"));
        }
    }

    private String title(String path) {
        try (Session s = store.openSession()) {
            return s.get(path, Document.class).title();
        }
    }

    private static Node retitled(Node n, String title) {
        return n.withObject(n.object(Document.class).withTitle(title));
    }

    @Test
    void an_update_from_a_node_read_before_abort_conflicts_instead_of_overwriting_a_newer_commit() {
        setUp("abort", "d");
        try (Session s = store.openSession()) {
            Node old = s.get("/abort/d");
            retitleElsewhere("/abort/d", "newer");
            s.abort(); // the session now reads the newest snapshot, where /abort/d is the other session's version
            ConflictException e = assertThrows(ConflictException.class, () -> s.update(retitled(old, "lost update")));
            assertEquals(List.of("/abort/d"), e.paths());
            assertFalse(s.hasChanges(), "nothing staged");
            s.commit(TxInfo.of("nothing"));
        }
        assertEquals("newer", title("/abort/d"));
    }

    @Test
    void an_update_from_a_node_read_before_commit_conflicts() {
        setUp("commit", "d", "e");
        try (Session s = store.openSession()) {
            Node old = s.get("/commit/d");
            s.update(retitled(s.get("/commit/e"), "e2"));
            retitleElsewhere("/commit/d", "newer");
            s.commit(TxInfo.of("first"));
            assertThrows(ConflictException.class, () -> s.update(retitled(old, "lost update")));
            assertThrows(ConflictException.class, () -> s.delete(old));
            assertThrows(ConflictException.class, () -> s.move(old, s.get("/commit/target"), "d"));
            assertFalse(s.hasChanges());
        }
        assertEquals("newer", title("/commit/d"));
        assertEquals("e2", title("/commit/e"));
    }

    @Test
    void a_node_the_session_itself_committed_must_be_read_again_before_it_is_written_again() {
        setUp("own", "d");
        try (Session s = store.openSession()) {
            Node read = s.get("/own/d");
            s.update(retitled(read, "first"));
            s.commit(TxInfo.of("first"));
            assertThrows(ConflictException.class, () -> s.update(retitled(read, "from the old read")));
            s.update(retitled(s.get("/own/d"), "second"));
            s.commit(TxInfo.of("second"));
        }
        assertEquals("second", title("/own/d"));
    }

    @Test
    void a_node_handed_over_from_another_session_is_checked_against_the_receiving_session() {
        setUp("handed", "d", "e");
        Node fromA;
        try (Session a = store.openSession()) {
            fromA = a.get("/handed/d");
        }
        retitleElsewhere("/handed/d", "newer");
        try (Session b = store.openSession()) {
            assertThrows(ConflictException.class, () -> b.update(retitled(fromA, "lost update")));
            assertThrows(ConflictException.class, () -> b.delete(fromA));
            assertThrows(ConflictException.class, () -> b.move(fromA, b.get("/handed/target"), "moved"));
            assertFalse(b.hasChanges());
        }
        assertEquals("newer", title("/handed/d"));
        assertTrue(exists("/handed/d"));

        Node current;
        try (Session a = store.openSession()) {
            current = a.get("/handed/e");
        }
        try (Session b = store.openSession()) {
            b.update(retitled(current, "same version, another session"));
            b.commit(TxInfo.of("b"));
        }
        assertEquals("same version, another session", title("/handed/e"));
    }

    @Test
    void a_delete_or_move_from_a_node_read_before_abort_conflicts() {
        setUp("gone", "d", "e");
        try (Session s = store.openSession()) {
            Node d = s.get("/gone/d");
            Node e = s.get("/gone/e");
            retitleElsewhere("/gone/d", "newer d");
            retitleElsewhere("/gone/e", "newer e");
            s.abort();
            assertThrows(ConflictException.class, () -> s.delete(d));
            assertThrows(ConflictException.class, () -> s.move(e, s.get("/gone/target"), "e"));
            assertFalse(s.hasChanges());
        }
        assertTrue(exists("/gone/d"));
        assertTrue(exists("/gone/e"));
    }

    @Test
    void writes_through_nodes_returned_by_this_session_s_own_staged_writes_are_not_stale() {
        setUp("fresh", "d");
        try (Session s = store.openSession()) {
            Node d = s.update(retitled(s.get("/fresh/d"), "one"));
            d = s.update(retitled(d, "two"));
            Node moved = s.move(d, s.get("/fresh/target"), "d");
            s.update(retitled(moved, "three"));
            Node made = s.create(s.get("/fresh"), "new", Document.of("new", ""));
            s.update(retitled(made, "new two"));
            s.commit(TxInfo.of("fresh"));
        }
        assertEquals("three", title("/fresh/target/d"));
        assertEquals("new two", title("/fresh/new"));
    }

    private boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }
}
