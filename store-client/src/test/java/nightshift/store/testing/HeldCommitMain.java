package nightshift.store.testing;

import java.sql.PreparedStatement;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * Child process: stages COUNT documents under a new folder and commits them in one transaction, whose commit hook
 * prints "IN COMMIT" and then waits for the session advisory lock KEY, which the test holds: the commit is held after
 * every row is written and before it is published. Prints "COMMITTED tid" once the commit returns.
 * Args: url user passwordFile folder count key
 */
public final class HeldCommitMain {
    private HeldCommitMain() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[4]);
        long key = Long.parseLong(args[5]);
        try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).applicationName("held-commit").build());
                Session s = store.openSession("held")) {
            Node folder = s.create(s.root(), args[3], Folder.titled(args[3]));
            for (int i = 0; i < count; i++) {
                s.create(folder, "doc-" + i, Document.of("Document " + i, "body of document " + i));
            }
            long tid = s.commit(TxInfo.of("held"), (connection, t) -> {
                System.out.println("IN COMMIT");
                System.out.flush();
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, key);
                    ps.execute();
                }
            });
            System.out.println("COMMITTED " + tid);
        }
    }
}
