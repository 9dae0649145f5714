package nightshift.store.catalog;

import java.util.Set;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.testing.ChildJvm;

/**
 * A separate JVM, run with a small -Xmx by {@link CatalogMemoryTest}: a full reindex (committed) and/or a verify of
 * one subtree, printing {@code reindexed N}, {@code verified N nodes, {KIND=count, ...}}, {@code old versions N} and
 * the peak heap. Problems are counted, not kept. Args: url user passwordFile path operation... ({@code reindex},
 * {@code verify}).
 */
public final class CatalogWalkMain {
    private CatalogWalkMain() {
    }

    public static void main(String[] args) {
        String path = args[3];
        try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).build())) {
            Catalog catalog = Catalog.of(store);
            for (int i = 4; i < args.length; i++) {
                if (args[i].equals("reindex")) {
                    try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch()) {
                        ReindexReport r = Reindexer.run(catalog, s, batch, new Reindexer.Options(path, false, Set.of(), false), null);
                        s.commit(TxInfo.system("reindex " + path), batch.commitHook());
                        System.out.println("reindexed " + r.indexed());
                    }
                } else {
                    try (Session s = store.openSession()) {
                        Verifier.Report r = Verifier.run(catalog, s, path, null, problem -> { });
                        System.out.println("verified " + r.nodes() + " nodes, " + r.counts());
                        System.out.println("old versions " + r.versions());
                    }
                }
            }
            System.out.println(ChildJvm.peakHeap());
        }
    }
}
