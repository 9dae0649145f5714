package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class SecureSessionWithoutEndingTest {
    private final Store store;

    SecureSessionWithoutEndingTest(Store store) {
        this.store = store;
    }

    @Test
    void a_view_without_ending_stages_into_its_session_and_refuses_to_commit_abort_or_close() {
        PrincipalDirectory.of(store).addUser("writer", "Writer");
        PrincipalDirectory.of(store).grant("writer", Role.EDITOR);
        try (Session s = store.openSession()) {
            s.create(s.root(), "desk", Folder.titled("desk"));
            s.commit(TxInfo.system("setup"));
        }
        try (SecureSession owner = SecureSession.open(store, "writer")) {
            SecureSession view = owner.withoutEnding("only the owner ends this work");
            view.create(view.get("/desk"), "draft", Document.of("draft", ""));
            for (Runnable ending : new Runnable[] {view::commit, view::abort, view::close,
                    () -> view.commit(view.txInfo().withNote("mine"))}) {
                IllegalStateException refused = assertThrows(IllegalStateException.class, ending::run);
                assertEquals("only the owner ends this work", refused.getMessage());
            }
            assertTrue(owner.hasChanges(), "the view's refusals changed nothing");
            owner.commit();
        }
        try (Session s = store.openSession()) {
            assertEquals("writer", s.get("/desk/draft").owner());
        }
    }
}
