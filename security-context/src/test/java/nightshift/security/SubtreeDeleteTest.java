package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.store.ChangeSummary;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting or moving a node takes everything below it along, so it needs Delete on every one of those nodes, not
 * only on the node named: a Contributor owns its folder but not an Editor's document inside it.
 */
@ExtendWith(StoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubtreeDeleteTest {
    private final Store store;
    private final PrincipalDirectory dir;

    SubtreeDeleteTest(Store store) {
        this.store = store;
        this.dir = PrincipalDirectory.of(store);
        dir.addUser("cora", "Cora");
        dir.grant("cora", Role.CONTRIBUTOR);
        dir.addUser("eddie", "Eddie");
        dir.grant("eddie", Role.EDITOR);
        dir.addUser("lena", "Lena");
        dir.grant("lena", Role.CONTRIBUTOR);
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("Site"));
            s.create(site, "elsewhere", Folder.titled("Elsewhere"));
            s.commit(TxInfo.system("tree"));
        }
    }

    /** A folder of cora's holding a document of eddie's, at {@code /site/NAME/eddies-doc}. */
    private void coraFolderWithEddiesDocument(String name) {
        try (SecureSession s = SecureSession.open(store, "cora")) {
            Node folder = s.create(s.get("/site"), name, Folder.titled(name));
            s.create(folder, "cora-doc", Document.of("Cora's", "mine"));
            s.commit();
        }
        try (SecureSession s = SecureSession.open(store, "eddie")) {
            s.create(s.get("/site/" + name), "eddies-doc", Document.of("Eddie's", "not cora's"));
            s.commit();
        }
    }

    private static void assertNamesEddiesDocument(String folder, AccessDeniedException e) {
        assertEquals("cora", e.user());
        assertEquals(Permission.DELETE, e.permission());
        assertEquals(folder + "/eddies-doc", e.path());
        assertTrue(e.getMessage().contains("user 'cora' may not Delete " + folder + "/eddies-doc"), e.getMessage());
        assertTrue(e.getMessage().contains(folder + " needs Delete on every node below it"), e.getMessage());
    }

    private void assertStillThere(String folder) {
        try (Session s = store.openSession()) {
            assertEquals("cora", s.get(folder).owner());
            assertEquals("cora", s.get(folder + "/cora-doc").owner());
            assertEquals("eddie", s.get(folder + "/eddies-doc").owner());
        }
    }

    /** How many transactions were committed after {@code tid} (tids can have gaps). */
    private long commitsAfter(long tid) {
        try (java.sql.Connection c = store.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_tx WHERE tid > ?")) {
            ps.setLong(1, tid);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void deleting_a_folder_needs_delete_on_every_node_below_it() {
        coraFolderWithEddiesDocument("dropped");
        long before = store.lastTid();
        try (SecureSession s = SecureSession.open(store, "cora")) {
            s.create(s.get("/site/elsewhere"), "staged-before", Document.of("Before", "kept"));
            ChangeSummary staged = s.changes();
            assertThrows(AccessDeniedException.class, () -> s.delete(s.get("/site/dropped/eddies-doc")),
                    "cora cannot delete eddie's document directly");
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> s.delete(s.get("/site/dropped")));
            assertNamesEddiesDocument("/site/dropped", e);
            assertEquals(staged, s.changes(), "nothing staged for the refused delete, the earlier create untouched");
            assertTrue(s.exists("/site/dropped/cora-doc"), "not even the nodes cora may delete");
            s.commit();
        }
        assertStillThere("/site/dropped");
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/site/elsewhere/staged-before"));
            assertEquals(1, commitsAfter(before), "one commit, holding the earlier create only");
        }
    }

    @Test
    void moving_a_folder_needs_delete_on_every_node_below_it() {
        coraFolderWithEddiesDocument("carried");
        long before = store.lastTid();
        try (SecureSession s = SecureSession.open(store, "cora")) {
            s.create(s.get("/site/elsewhere"), "staged-before-move", Document.of("Before", "kept"));
            ChangeSummary staged = s.changes();
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.move(s.get("/site/carried"), s.get("/site/elsewhere"), "carried"));
            assertNamesEddiesDocument("/site/carried", e);
            assertEquals(staged, s.changes(), "nothing staged for the refused move, the earlier create untouched");
            assertTrue(s.exists("/site/carried/eddies-doc"));
            assertFalse(s.exists("/site/elsewhere/carried"));
            s.commit();
        }
        assertStillThere("/site/carried");
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/site/elsewhere/carried"));
            assertEquals(1, commitsAfter(before), "one commit, holding the earlier create only");
        }
    }

    @Test
    void nodes_created_inside_in_the_same_session_are_the_users_own_and_may_go_with_the_folder() {
        try (SecureSession s = SecureSession.open(store, "cora")) {
            Node folder = s.create(s.get("/site"), "fresh", Folder.titled("Fresh"));
            s.create(s.create(folder, "inner", Folder.titled("Inner")), "doc", Document.of("D", "d"));
            s.move(s.get("/site/fresh"), s.get("/site/elsewhere"), "fresh");
            s.delete(s.get("/site/elsewhere/fresh"));
            assertFalse(s.exists("/site/elsewhere/fresh/inner/doc"));
            s.commit();
        }
    }

    @Test
    void a_node_moved_in_within_the_session_is_checked_where_it_now_is() {
        Node desk;
        try (Session s = store.openSession()) {
            desk = s.create(s.get("/site"), "desk", Folder.titled("Desk"));
            s.create(desk, "memo", Document.of("Memo", "by system"));
            s.commit(TxInfo.system("desk"));
        }
        dir.grantLocal("lena", Role.EDITOR, desk);
        try (SecureSession s = SecureSession.open(store, "lena")) {
            s.create(s.get("/site"), "tray", Folder.titled("Tray"));
            s.commit();
            s.move(s.get("/site/desk/memo"), s.get("/site/tray"), "memo");
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> s.delete(s.get("/site/tray")),
                    "the memo is no longer under /site/desk, where lena is Editor");
            assertEquals("/site/tray/memo", e.path());
            s.abort();
            s.delete(s.get("/site/tray"));
            s.commit();
        } finally {
            dir.revokeLocal("lena", Role.EDITOR, desk);
        }
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/site/tray"));
            assertTrue(s.exists("/site/desk/memo"));
        }
    }

    /** A chain of folders of cora's, {@code depth} deep, its last node owned by {@code lastOwner}; that node. */
    private Node chain(String name, int depth, String lastOwner) {
        try (Session s = store.openSession("cora")) {
            Node n = s.create(s.get("/site"), name, Folder.titled(name));
            for (int i = 1; i < depth; i++) {
                n = s.create(n, "c", Folder.titled("c"));
            }
            Node last = s.create(n, "last", Document.of("Last", "the end"), lastOwner);
            s.commit(TxInfo.of("cora"));
            return last;
        }
    }

    /** The walk below a node keeps a page per level on the heap, not a frame per level on the Java stack. */
    @Test
    void a_chain_ten_thousand_deep_is_checked_to_its_last_node() {
        Node eddies = chain("chain", 10_000, "eddie");
        Node coras = chain("own-chain", 10_000, "cora");
        try (SecureSession s = SecureSession.open(store, "cora")) {
            AccessDeniedException moving = assertThrows(AccessDeniedException.class,
                    () -> s.move(s.get("/site/chain"), s.get("/site/elsewhere"), "chain"));
            assertEquals(eddies.path(), moving.path());
            AccessDeniedException deleting = assertThrows(AccessDeniedException.class, () -> s.delete(s.get("/site/chain")));
            assertEquals(eddies.path(), deleting.path());
            assertFalse(s.hasChanges());
            s.move(s.get("/site/own-chain"), s.get("/site/elsewhere"), "own-chain");
            s.commit();
        }
        try (Session s = store.openSession()) {
            assertEquals(coras.path().replace("/site/own-chain/", "/site/elsewhere/own-chain/"),
                    s.find(coras.oid()).orElseThrow().path());
        }
    }
}
