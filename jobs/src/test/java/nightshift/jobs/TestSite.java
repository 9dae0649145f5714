package nightshift.jobs;

import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;

/** The users and folders the job tests start from. */
final class TestSite {
    private TestSite() {
    }

    /** The users {@code editor} (Editor) and {@code reader} (Reader). */
    static void editorAndReader(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
    }

    /** The user {@code editor} (Editor) and an empty folder {@code /site}. */
    static void editorAndSite(Store store) {
        PrincipalDirectory.of(store).addUser("editor", "Editor");
        PrincipalDirectory.of(store).grant("editor", Role.EDITOR);
        try (Session s = store.openSession()) {
            s.create(s.root(), "site", Folder.titled("site"));
            s.commit(TxInfo.system("setup"));
        }
    }
}
