package nightshift.store.testing;

import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * Child process: stages COUNT documents under a new folder and commits them in one transaction, printing
 * "STAGED" just before the commit starts. Its commit hook sends a statement, which takes the session's writes to
 * the server inside the open transaction, then prints "IN COMMIT" and waits to be killed: AtomicityTest kills it
 * there with SIGKILL, every new version written and nothing committed. Not killed within 5 minutes, it vetoes its
 * commit and exits.
 * Args: url user passwordFile folder count applicationName
 */
public final class BulkCreateMain {
    private BulkCreateMain() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[4]);
        try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).applicationName(args[5]).build());
                Session s = store.openSession("bulk")) {
            Node folder = s.create(s.root(), args[3], Folder.titled(args[3]));
            for (int i = 0; i < count; i++) {
                s.create(folder, "doc-" + i, Document.of("Document " + i, "body of document " + i));
            }
            System.out.println("STAGED");
            System.out.flush();
            s.commit(TxInfo.of("bulk"), (connection, tid) -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("SELECT 1");
                }
                System.out.println("IN COMMIT");
                System.out.flush();
                try {
                    // holds the commit open until the test kills this process mid-commit
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // never killed (the test died first): refuse the commit rather than outlive it holding the lock
                throw new IllegalStateException("BulkCreateMain was not killed within 5 minutes; nothing committed");
            });
            System.out.println("COMMITTED");
        }
    }
}
