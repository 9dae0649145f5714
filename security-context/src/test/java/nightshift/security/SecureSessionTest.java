package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.StoreConfig;
import nightshift.store.testing.ReadAheads;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions acting as a user: refusals, what commits record, who may open one, what listings show. */
@ExtendWith(StoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSessionTest {
    private final Store store;
    private final PrincipalDirectory dir;

    SecureSessionTest(Store store) {
        this.store = store;
        this.dir = PrincipalDirectory.of(store);
        dir.addUser("alice", "Alice");
        dir.grant("alice", Role.CONTRIBUTOR);
        dir.addUser("bob", "Bob");
        dir.grant("bob", Role.CONTRIBUTOR);
        dir.addUser("carol", "Carol");
        dir.addUser("dave", "Dave");
        dir.grant("dave", Role.EDITOR);
        dir.disable("dave");
        dir.addGroup("editors", "Editors");
        dir.grant("editors", Role.EDITOR);
        dir.addUser("frank", "Frank");
        dir.addUser("erin", "Erin");
        dir.addToGroup("erin", "editors");
        try (Session s = store.openSession()) {
            Node docs = s.create(s.create(s.root(), "site", Folder.titled("Site")), "docs", Folder.titled("Docs"));
            s.commit(TxInfo.system("tree"));
            dir.grantLocal("carol", Role.READER, docs);
        }
    }

    @Test
    void a_session_and_its_permission_checks_need_a_single_connection() {
        // A one-shot run pays a login for every connection it opens; the rules are read on the connection the
        // session then borrows. (Reading them from within the session waited 30 s for a second one here.)
        StoreConfig.Builder database = TestServer.get().newDatabase("SecureSessionOneConnection");
        Store.migrate(database.build());
        try (Store setup = Store.open(database.build())) {
            PrincipalDirectory d = PrincipalDirectory.of(setup);
            d.addUser("gina", "Gina");
            d.grant("gina", Role.CONTRIBUTOR);
        }
        try (Store small = Store.open(database.poolSize(1).build())) {
            try (SecureSession s = SecureSession.open(small, "gina")) {
                s.create(s.root(), "mine", Folder.titled("Mine"));
                assertTrue(s.policy().allows(s.context(), Permission.VIEW, s.get("/mine")));
                s.commit(s.txInfo());
            }
            try (Session s = small.openSession()) {
                assertEquals("gina", s.get("/mine").owner());
            }
        }
    }

    private String txUser(long tid) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_name FROM ns_tx WHERE tid = ?")) {
            ps.setLong(1, tid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no ns_tx row for tid " + tid);
                return rs.getString(1);
            }
        }
    }

    @Test
    void a_denied_operation_leaves_the_store_unchanged_and_earlier_staged_writes_still_commit() {
        try (SecureSession s = SecureSession.open(store, "bob")) {
            s.create(s.get("/site/docs"), "bob-doc", Document.of("Bob's", "v1"));
            s.commit();
        }
        long lastBefore = store.lastTid();
        try (SecureSession s = SecureSession.open(store, "alice")) {
            Node docs = s.get("/site/docs");
            s.create(docs, "alice-1", Document.of("A1", "staged before"));
            Node bobs = s.get("/site/docs/bob-doc");
            assertThrows(AccessDeniedException.class, () -> s.update(bobs.withObject(Document.of("Bob's", "by alice"))));
            assertThrows(AccessDeniedException.class, () -> s.delete(bobs));
            assertEquals(1, s.changes().created(), "the refused writes staged nothing");
            assertEquals(0, s.changes().modified());
            assertEquals(0, s.changes().deleted());
            s.create(docs, "alice-2", Document.of("A2", "staged after"));
            s.commit();
        }
        try (Session s = store.openSession()) {
            assertEquals("v1", s.get("/site/docs/bob-doc", Document.class).body());
            assertEquals("alice", s.get("/site/docs/alice-1").owner());
            assertEquals("alice", s.get("/site/docs/alice-2").owner());
            assertEquals(lastBefore + 1, s.snapshotTid(), "one commit, the one with alice's creates");
        }
    }

    @Test
    void the_transaction_row_names_the_acting_user() throws SQLException {
        long tid;
        try (SecureSession s = SecureSession.open(store, "alice")) {
            s.create(s.get("/site/docs"), "tx-row", Document.of("T", "t"));
            tid = s.commit(s.txInfo().withJob("import", "run-1").withNote("nightly"));
        }
        assertEquals("alice", txUser(tid));
    }

    @Test
    void commit_refuses_a_transaction_record_naming_another_user_and_writes_nothing() {
        long before = store.lastTid();
        try (SecureSession s = SecureSession.open(store, "alice")) {
            s.create(s.get("/site/docs"), "impostor", Document.of("I", "i"));
            SecurityContextException e = assertThrows(SecurityContextException.class, () -> s.commit(TxInfo.of("bob")));
            assertTrue(e.getMessage().contains("acts as 'alice'"), e.getMessage());
            assertTrue(s.hasChanges(), "the staged writes are kept for a proper commit or an abort");
            assertThrows(SecurityContextException.class, () -> s.commit(TxInfo.system("pretend")));
        }
        assertEquals(before, store.lastTid());
    }

    @Test
    void an_unknown_user_is_refused_with_the_known_users_and_how_to_add_one() {
        NoSuchUserException e = assertThrows(NoSuchUserException.class, () -> SecureSession.open(store, "mallory"));
        assertEquals("mallory", e.user());
        assertTrue(e.getMessage().contains("no such user 'mallory'"), e.getMessage());
        assertTrue(e.getMessage().contains("(known users: alice, bob, "), e.getMessage());
        assertTrue(e.getMessage().contains("add one with `nightshift users add mallory`"), e.getMessage());
    }

    @Test
    void a_group_cannot_act_as_a_user() {
        NoSuchUserException e = assertThrows(NoSuchUserException.class, () -> SecureSession.open(store, "editors"));
        assertTrue(e.getMessage().contains("'editors' is a group, not a user"), e.getMessage());
    }

    @Test
    void a_disabled_user_is_refused_and_can_act_again_once_enabled() {
        UserDisabledException e = assertThrows(UserDisabledException.class, () -> SecureSession.open(store, "dave"));
        assertEquals("dave", e.user());
        assertTrue(e.getMessage().contains("user 'dave' is disabled"), e.getMessage());
        dir.enable("dave");
        try (SecureSession s = SecureSession.open(store, "dave")) {
            assertEquals("dave", s.context().user());
        } finally {
            dir.disable("dave");
        }
    }

    /** Sends a statement of the caller's own followed by the read-ahead's, in one round trip, as a job run does. */
    private UserReadAhead readAhead(String user) throws SQLException {
        UserReadAhead ahead = UserReadAhead.of(user);
        assertFalse(ahead.isRead());
        try (Connection c = store.dataSource().getConnection()) {
            assertTrue(ReadAheads.sendAfterOwnStatement(c, ahead.asReadAhead()), "left at its last result, also for a refused user");
        }
        assertTrue(ahead.isRead());
        return ahead;
    }

    @Test
    void a_user_read_ahead_opens_the_same_session_and_keeps_a_refusal_for_open() throws SQLException {
        try (SecureSession read = SecureSession.open(store, readAhead("erin")); SecureSession asked = SecureSession.open(store, "erin")) {
            assertEquals(asked.context().groups(), read.context().groups());
            assertEquals(asked.context().globalRoles(), read.context().globalRoles());
            assertEquals(Set.of("editors"), read.context().groups());
        }
        try (SecureSession read = SecureSession.open(store, readAhead("carol"))) {
            assertTrue(read.exists("/site/docs"), "carol's local role on /site/docs came with the read-ahead's rules");
        }
        UserReadAhead mallory = readAhead("mallory");
        NoSuchUserException unknown = assertThrows(NoSuchUserException.class, () -> SecureSession.open(store, mallory));
        assertTrue(unknown.getMessage().contains("(known users: alice, bob, "), unknown.getMessage());
        assertThrows(UserDisabledException.class, () -> SecureSession.open(store, readAhead("dave")));
        assertThrows(IllegalStateException.class, () -> SecureSession.open(store, UserReadAhead.of("alice")), "not read yet");
        assertThrows(SecurityContextException.class, () -> UserReadAhead.of(TxInfo.SYSTEM_USER));
    }

    @Test
    void system_is_not_a_user_name() {
        assertThrows(SecurityContextException.class, () -> SecureSession.open(store, TxInfo.SYSTEM_USER));
        assertThrows(IllegalArgumentException.class, () -> dir.addUser(TxInfo.SYSTEM_USER, "System"));
    }

    @Test
    void children_skips_nodes_the_user_cannot_view_in_pages_and_in_the_stream() {
        try (Session s = store.openSession()) {
            Node list = s.create(s.get("/site"), "listing", Folder.titled("Listing"));
            for (int i = 0; i < 10; i++) {
                s.create(list, "n" + i, Document.of("N" + i, "x"));
            }
            s.commit(TxInfo.system("listing"));
            for (int i : new int[] {1, 2, 3, 7}) {
                dir.grantLocal("carol", Role.READER, s.get("/site/listing/n" + i));
            }
            dir.grantLocal("carol", Role.READER, list);
            dir.blockInheritance(s.get("/site/listing/n0"), true);
            dir.setPermission(s.get("/site/listing/n5"), Role.READER, Permission.VIEW, false);
        }
        // carol is Reader on /site/listing and below, except n0 (blocked) and n5 (Reader loses View there)
        List<String> expected = List.of("n1", "n2", "n3", "n4", "n6", "n7", "n8", "n9");
        try (SecureSession s = SecureSession.open(store, "carol")) {
            Node list = s.get("/site/listing");
            try (Stream<Node> children = s.children(list)) {
                assertEquals(expected, children.map(Node::name).collect(Collectors.toList()));
            }
            List<String> paged = new ArrayList<>();
            Optional<Page> page = Optional.of(Page.first(3));
            int pages = 0;
            while (page.isPresent()) {
                ChildPage p = s.children(list, page.get());
                p.nodes().forEach(n -> paged.add(n.name()));
                page = p.next();
                pages++;
            }
            assertEquals(expected, paged);
            assertTrue(pages >= 4, "3-name pages over 10 children, some thinned: " + pages);
            assertFalse(s.exists("/site/listing/n0"));
            assertTrue(s.exists("/site/listing/n1"));
            try (Session plain = store.openSession()) {
                assertTrue(s.find(plain.get("/site/listing/n5").oid()).isEmpty());
                assertTrue(s.find(plain.get("/site/listing/n6").oid()).isPresent());
                long[] oids = new long[10];
                for (int i = 0; i < 10; i++) {
                    oids[i] = plain.get("/site/listing/n" + i).oid();
                }
                assertEquals(expected, s.findAll(oids).values().stream().map(Node::name).toList(),
                        "findAll leaves out what find would not show");
            }
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> s.get("/site/listing/n0"));
            assertEquals(Permission.VIEW, e.permission());
            assertThrows(AccessDeniedException.class, () -> s.children(s.get("/site")).count());
        }
    }

    @Test
    void the_system_context_bypasses_checks_and_is_recorded_as_system() throws SQLException {
        long tid;
        try (SecureSession s = SecureSession.open(store, SecurityContext.system())) {
            Node n = s.create(s.get("/site"), "maintenance", Folder.titled("M"));
            assertEquals(TxInfo.SYSTEM_USER, n.owner());
            tid = s.commit();
        }
        assertEquals(TxInfo.SYSTEM_USER, txUser(tid));
        try (SecureSession s = SecureSession.open(store, "carol")) {
            assertFalse(s.context().isSystem(), "a named user is never the system context");
            assertThrows(AccessDeniedException.class, () -> s.get("/site/maintenance"));
        }
    }

    @Test
    void group_roles_apply_and_a_disabled_group_grants_nothing() {
        try (SecureSession s = SecureSession.open(store, "erin")) {
            s.create(s.get("/site/docs"), "by-erin", Document.of("E", "e"));
            s.abort();
        }
        dir.disable("editors");
        try (SecureSession s = SecureSession.open(store, "erin")) {
            assertTrue(s.context().groups().isEmpty());
            assertThrows(AccessDeniedException.class, () -> s.get("/site/docs"));
        } finally {
            dir.enable("editors");
        }
    }

    @Test
    void rule_changes_reach_a_session_at_its_next_commit_or_abort() {
        try (Session plain = store.openSession(); SecureSession s = SecureSession.open(store, "frank")) {
            Node site = plain.get("/site");
            assertThrows(AccessDeniedException.class, () -> s.create(site, "later", Folder.titled("L")));
            dir.grantLocal("frank", Role.EDITOR, site);
            try {
                assertThrows(AccessDeniedException.class, () -> s.create(site, "later", Folder.titled("L")),
                        "the session keeps the rules it started with");
                s.abort();
                s.create(site, "later", Folder.titled("L"));
                s.abort();
            } finally {
                dir.revokeLocal("frank", Role.EDITOR, site);
            }
        }
    }

    /** A bulk create checks its folder once, and again once an abort or a commit brought the rules up to date. */
    @Test
    void a_folder_added_to_again_is_checked_again_after_an_abort_or_a_commit() {
        Node site;
        try (Session plain = store.openSession()) {
            site = plain.get("/site");
        }
        dir.grantLocal("frank", Role.EDITOR, site);
        try (SecureSession s = SecureSession.open(store, "frank")) {
            s.create(site, "again-1", Folder.titled("1"));
            s.create(site, "again-2", Folder.titled("2"));
            dir.revokeLocal("frank", Role.EDITOR, site);
            s.abort();
            assertThrows(AccessDeniedException.class, () -> s.create(site, "again-3", Folder.titled("3")));

            dir.grantLocal("frank", Role.EDITOR, site);
            s.abort();
            s.create(site, "again-4", Folder.titled("4"));
            dir.revokeLocal("frank", Role.EDITOR, site);
            s.commit();
            assertThrows(AccessDeniedException.class, () -> s.create(site, "again-5", Folder.titled("5")));
        } finally {
            dir.revokeLocal("frank", Role.EDITOR, site);
        }
        try (Session plain = store.openSession()) {
            assertTrue(plain.exists("/site/again-4"));
            assertFalse(plain.exists("/site/again-1"));
            assertFalse(plain.exists("/site/again-5"));
        }
    }

    @Test
    void a_moved_folder_takes_the_rules_of_its_new_place_within_the_same_session() {
        dir.addUser("mover", "Mover");
        dir.grant("mover", Role.CONTRIBUTOR);
        try (Session s = store.openSession("author")) {
            Node a = s.create(s.get("/site"), "a", Folder.titled("A"));
            s.create(s.get("/site"), "b", Folder.titled("B"));
            s.create(s.create(a, "f", Folder.titled("F")), "doc", Document.of("D", "v1"));
            s.commit(TxInfo.of("author"));
            dir.grantLocal("mover", Role.EDITOR, a);
        }
        try (SecureSession s = SecureSession.open(store, "mover")) {
            Node doc = s.get("/site/a/f/doc");
            s.update(doc.withObject(Document.of("D", "v2")));
            s.move(s.get("/site/a/f"), s.get("/site/b"), "f");
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.update(s.get("/site/b/f/doc").withObject(Document.of("D", "v3"))));
            assertEquals("/site/b/f/doc", e.path());
            s.commit();
        }
        try (Session s = store.openSession()) {
            assertEquals("v2", s.get("/site/b/f/doc", Document.class).body());
        }
    }

    @Test
    void the_readme_example_runs() {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        try (Session s = store.openSession()) {
            Node site = s.get("/site");
            Node news = s.create(site, "news", Folder.titled("News"));
            s.create(news, "embargo", Folder.titled("Embargo"));
            s.create(site, "archive", Folder.titled("Archive"));
            s.commit(TxInfo.system("readme tree"));
        }
        dir.addUser("bob2", "Bob Smith");
        dir.grant("bob2", Role.CONTRIBUTOR);
        dir.addGroup("newsdesk", "News desk");
        dir.addToGroup("bob2", "newsdesk");
        try (Session s = store.openSession()) {
            dir.grantLocal("newsdesk", Role.EDITOR, s.get("/site/news"));
            dir.blockInheritance(s.get("/site/news/embargo"), true);
            dir.setPermission(s.get("/site/archive"), Role.READER, Permission.VIEW, false);
        }
        long tid;
        try (SecureSession s = SecureSession.open(store, "bob2")) {
            Node news = s.get("/site/news");
            s.create(news, "hello", Document.of("Hello", "..."));
            tid = s.commit(s.txInfo().withJob("import", "run-1"));
            Node embargo = s.get("/site/news/embargo");
            assertFalse(s.policy().allows(s.context(), Permission.MODIFY, embargo), "Editor from /site/news stops here");
        }
        assertTrue(tid > 0);
        dir.disable("bob2");
        assertThrows(UserDisabledException.class, () -> SecureSession.open(store, "bob2"));
    }
}
