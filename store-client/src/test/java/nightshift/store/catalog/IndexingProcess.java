package nightshift.store.catalog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.spi.Connections;
import nightshift.store.testing.ChildJvm;

/**
 * A separate JVM for {@link CatalogBatchProcessesTest}: indexes the children of a folder in one batch, in two
 * halves. After the first half (copied to its staging table) it prints {@code staged} and waits for a line on its
 * input; then it indexes the rest, commits, and prints {@code committed}.
 */
public final class IndexingProcess {

    private IndexingProcess() {
    }

    /** Arguments: url, user, password file (or "-"), folder path. */
    public static void main(String[] args) throws Exception {
        Connections.warmUp();
        try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).build());
                Session s = store.openSession(); CatalogBatch batch = Catalog.of(store).openBatch()) {
            List<Node> children;
            try (Stream<Node> listed = s.children(s.get(args[3]))) {
                children = listed.toList();
            }
            int half = CatalogBatch.BUFFER_ROWS;
            children.subList(0, half).forEach(batch::index);
            System.out.println("staged");
            System.out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                in.readLine();
            }
            children.subList(half, children.size()).forEach(batch::index);
            s.commit(TxInfo.system("index " + args[3]), batch.commitHook());
            System.out.println("committed");
        }
    }
}
