package nightshift.security;

import static nightshift.security.Permission.ADD_CONTENT;
import static nightshift.security.Permission.DELETE;
import static nightshift.security.Permission.MANAGE;
import static nightshift.security.Permission.MANAGE_USERS;
import static nightshift.security.Permission.MODIFY;
import static nightshift.security.Permission.VIEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what on a small tree, through SecureSession and SecurityPolicy:
 * <pre>
 * /site                 (system)
 * /site/news            (system)   local Editor for 'newsie'
 * /site/news/item       (author)
 * /site/news/deep/x     (author)
 * /site/events          (system)
 * /site/events/e1       (author)
 * /site/private         (system)   blocks inheritance; local Editor for 'newsie' on /site above it
 * /site/private/memo    (author)
 * /site/locked          (system)   Reader loses View, Contributor gains Modify
 * /site/locked/page     (author)
 * </pre>
 */
@ExtendWith(StoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {
    private final Store store;
    private final PrincipalDirectory dir;

    PermissionMatrixTest(Store store) {
        this.store = store;
        this.dir = PrincipalDirectory.of(store);
        for (String u : new String[] {"manager", "editor", "contributor", "author", "reader", "nobody", "newsie", "sitewide",
                "grouped", "nested"}) {
            dir.addUser(u, u.toUpperCase());
        }
        dir.grant("manager", Role.MANAGER);
        dir.grant("editor", Role.EDITOR);
        dir.grant("contributor", Role.CONTRIBUTOR);
        dir.grant("author", Role.CONTRIBUTOR);
        dir.grant("reader", Role.READER);
        dir.addGroup("writers", "Writers");
        dir.grant("writers", Role.EDITOR);
        dir.addGroup("staff", "Staff");
        dir.addToGroup("grouped", "writers");
        dir.addToGroup("staff", "writers");
        dir.addToGroup("nested", "staff");
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("Site"));
            for (String f : new String[] {"news", "events", "private", "locked"}) {
                s.create(site, f, Folder.titled(f));
            }
            s.commit(nightshift.store.TxInfo.system("tree"));
        }
        try (Session s = store.openSession("author")) {
            s.create(s.get("/site/news"), "item", Document.of("Item", "by author"));
            Node deep = s.create(s.get("/site/news"), "deep", Folder.titled("deep"));
            s.create(deep, "x", Document.of("X", "deep"));
            s.create(s.get("/site/events"), "e1", Document.of("E1", "event"));
            s.create(s.get("/site/private"), "memo", Document.of("Memo", "private"));
            s.create(s.get("/site/locked"), "page", Document.of("Page", "locked"));
            s.commit(nightshift.store.TxInfo.of("author"));
        }
        try (Session s = store.openSession()) {
            dir.grantLocal("newsie", Role.EDITOR, s.get("/site/news"));
            dir.grantLocal("sitewide", Role.EDITOR, s.get("/site"));
            dir.blockInheritance(s.get("/site/private"), true);
            dir.setPermission(s.get("/site/locked"), Role.READER, VIEW, false);
            dir.setPermission(s.get("/site/locked"), Role.CONTRIBUTOR, MODIFY, true);
        }
    }

    private Set<Permission> allowed(String user, String path) {
        SecurityContext ctx = SecurityContext.forUser(store, user);
        try (Session plain = store.openSession()) {
            SecurityPolicy policy = SecurityPolicy.load(store, plain);
            Node node = plain.get(path);
            EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
            for (Permission p : Permission.values()) {
                if (policy.allows(ctx, p, node)) {
                    result.add(p);
                }
            }
            return result;
        }
    }

    @Test
    void each_built_in_role_has_its_default_permissions_on_a_document_it_does_not_own() {
        String doc = "/site/events/e1";
        assertEquals(EnumSet.allOf(Permission.class), allowed("manager", doc));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("editor", doc));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT), allowed("contributor", doc));
        assertEquals(EnumSet.of(VIEW), allowed("reader", doc));
        assertEquals(EnumSet.noneOf(Permission.class), allowed("nobody", doc), "Authenticated alone grants nothing");
    }

    @Test
    void ownership_grants_owner_on_what_the_user_owns_and_nowhere_else() {
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("author", "/site/events/e1"),
                "Contributor + Owner");
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT), allowed("author", "/site/events"), "not the owner of the folder");
        try (SecureSession s = SecureSession.open(store, "author")) {
            assertTrue(s.policy().rolesOn(s.context(), s.get("/site/events/e1")).contains(Role.OWNER));
            assertFalse(s.policy().rolesOn(s.context(), s.get("/site/events")).contains(Role.OWNER));
        }
    }

    @Test
    void reader_can_view_but_cannot_create() {
        try (SecureSession s = SecureSession.open(store, "reader")) {
            Node news = s.get("/site/news");
            assertEquals("Item", s.get("/site/news/item", Document.class).title());
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.create(news, "mine", Document.of("Mine", "no")));
            assertEquals("reader", e.user());
            assertEquals(ADD_CONTENT, e.permission());
            assertEquals("/site/news", e.path());
            assertTrue(e.getMessage().contains("user 'reader' may not AddContent /site/news"), e.getMessage());
            assertFalse(s.hasChanges());
        }
    }

    @Test
    void contributor_can_create_but_not_modify_or_delete_another_users_document() {
        try (SecureSession s = SecureSession.open(store, "contributor")) {
            Node created = s.create(s.get("/site/events"), "by-contributor", Document.of("Mine", "yes"));
            assertEquals("contributor", created.owner());
            Node theirs = s.get("/site/events/e1");
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.update(theirs.withObject(Document.of("Hijacked", "no"))));
            assertEquals(MODIFY, e.permission());
            assertTrue(e.getMessage().contains("Modify needs one of: Manager, Editor, Owner"), e.getMessage());
            assertThrows(AccessDeniedException.class, () -> s.delete(theirs));
            s.abort();
        }
    }

    @Test
    void contributor_can_modify_and_delete_what_it_owns() {
        try (SecureSession s = SecureSession.open(store, "contributor")) {
            Node mine = s.create(s.get("/site/news"), "own-doc", Document.of("Mine", "v1"));
            s.commit();
            s.update(s.get("/site/news/own-doc").withObject(Document.of("Mine", "v2")));
            s.commit();
            assertEquals("v2", s.get("/site/news/own-doc", Document.class).body());
            s.delete(s.get("/site/news/own-doc"));
            s.commit();
            assertFalse(s.exists(mine.path()));
        }
    }

    @Test
    void editor_can_modify_another_users_document() {
        try (SecureSession s = SecureSession.open(store, "editor")) {
            Node theirs = s.get("/site/events/e1");
            s.update(theirs.withObject(Document.of("E1", "edited by editor")));
            s.commit();
        }
        try (Session s = store.openSession()) {
            Node e1 = s.get("/site/events/e1");
            assertEquals("edited by editor", e1.object(Document.class).body());
            assertEquals("author", e1.owner(), "modifying does not change the owner");
        }
    }

    @Test
    void local_role_on_news_applies_below_it_and_not_beside_it() {
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("newsie", "/site/news"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("newsie", "/site/news/item"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("newsie", "/site/news/deep/x"));
        assertEquals(EnumSet.noneOf(Permission.class), allowed("newsie", "/site/events/e1"));
        assertEquals(EnumSet.noneOf(Permission.class), allowed("newsie", "/site"));
        try (SecureSession s = SecureSession.open(store, "newsie")) {
            Node item = s.get("/site/news/item");
            s.update(item.withObject(Document.of("Item", "edited by newsie")));
            assertThrows(AccessDeniedException.class, () -> s.get("/site/events/e1"));
            s.abort();
        }
    }

    @Test
    void blocked_inheritance_stops_local_roles_from_above_but_not_global_roles_or_ownership() {
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("sitewide", "/site/events/e1"));
        assertEquals(EnumSet.noneOf(Permission.class), allowed("sitewide", "/site/private"));
        assertEquals(EnumSet.noneOf(Permission.class), allowed("sitewide", "/site/private/memo"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("editor", "/site/private/memo"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("author", "/site/private/memo"));
    }

    @Test
    void group_membership_grants_the_groups_roles_also_through_nested_groups() {
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("grouped", "/site/events/e1"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY, DELETE), allowed("nested", "/site/events/e1"));
        SecurityContext nested = SecurityContext.forUser(store, "nested");
        assertEquals(Set.of("staff", "writers"), nested.groups());
        assertTrue(nested.globalRoles().containsAll(Set.of(Role.EDITOR, Role.AUTHENTICATED)));
    }

    @Test
    void a_permission_override_on_a_node_applies_to_it_and_below() {
        assertEquals(EnumSet.noneOf(Permission.class), allowed("reader", "/site/locked/page"));
        assertEquals(EnumSet.of(VIEW, ADD_CONTENT, MODIFY), allowed("contributor", "/site/locked/page"));
        assertEquals(EnumSet.of(VIEW), allowed("reader", "/site/events/e1"), "not beside it");
    }

    @Test
    void move_needs_delete_on_the_node_and_add_content_on_the_target() {
        try (SecureSession s = SecureSession.open(store, "contributor")) {
            Node mine = s.create(s.get("/site/news"), "movable", Document.of("M", "m"));
            Node moved = s.move(mine, s.get("/site/events"), "movable");
            assertEquals("/site/events/movable", moved.path());
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.move(s.get("/site/events/e1"), s.get("/site/news"), "e1"));
            assertEquals(DELETE, e.permission());
            s.abort();
        }
        try (Session plain = store.openSession(); SecureSession s = SecureSession.open(store, "newsie")) {
            Node events = plain.get("/site/events");
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.move(s.get("/site/news/item"), events, "item"));
            assertEquals(ADD_CONTENT, e.permission());
            assertEquals("/site/events", e.path());
        }
    }

    @Test
    void manager_holds_manage_and_manage_users_and_nobody_else_does() {
        for (String user : new String[] {"editor", "contributor", "reader", "newsie", "grouped"}) {
            Set<Permission> p = allowed(user, "/site");
            assertFalse(p.contains(MANAGE) || p.contains(MANAGE_USERS), user + ": " + p);
        }
        assertTrue(allowed("manager", "/").containsAll(Set.of(MANAGE, MANAGE_USERS)));
    }

    @Test
    void directory_reports_local_roles_and_principals() {
        try (Session s = store.openSession()) {
            assertEquals(Map.of("newsie", Set.of(Role.EDITOR)), dir.localRoles(s.get("/site/news")));
        }
        Principal grouped = dir.find("grouped").orElseThrow();
        assertEquals(Set.of("writers"), grouped.groups());
        assertTrue(dir.groups().stream().anyMatch(g -> g.id().equals("staff")));
        assertThrows(IllegalArgumentException.class, () -> dir.grant("editor", Role.OWNER));
    }
}
