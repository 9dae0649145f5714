package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** Session.create with an owner (import restores owners): only for a user who may Manage the parent, or system. */
@ExtendWith(StoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateWithOwnerTest {
    private final Store store;

    CreateWithOwnerTest(Store store) {
        this.store = store;
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("ed", "Ed");
        dir.grant("ed", Role.EDITOR);
        dir.addUser("mia", "Mia");
        dir.grant("mia", Role.MANAGER);
        try (Session s = store.openSession()) {
            s.create(s.root(), "site", Folder.titled("Site"));
            s.commit(TxInfo.system("tree"));
        }
    }

    @Test
    void an_editor_may_create_as_itself_but_not_for_another_owner() {
        try (SecureSession s = SecureSession.open(store, "ed")) {
            Node site = s.get("/site");
            assertEquals("ed", s.create(site, "own", Document.of("Own", ""), "ed").owner());
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> s.create(site, "theirs", Document.of("Theirs", ""), "mia"));
            assertEquals(Permission.MANAGE, e.permission());
            assertFalse(s.exists("/site/theirs"));
        }
    }

    @Test
    void a_manager_and_the_system_context_may_create_for_another_owner() {
        try (SecureSession s = SecureSession.open(store, "mia")) {
            assertEquals("ed", s.create(s.get("/site"), "for-ed", Document.of("For Ed", ""), "ed").owner());
            s.commit();
        }
        try (SecureSession s = SecureSession.open(store, SecurityContext.system())) {
            assertEquals("ed", s.get("/site/for-ed").owner());
            assertEquals("someone", s.create(s.get("/site"), "restored", Document.of("R", ""), "someone").owner());
        }
    }
}
