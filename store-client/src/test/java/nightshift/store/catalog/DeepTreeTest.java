package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A chain of {@value #DEPTH} folders, each inside the one before: reindexed and verified in a child JVM with a small
 * heap. Nothing may recurse per level, nor hold every ancestor's path (together they are about 100 MB here).
 */
@ExtendWith(StoreExtension.class)
@Tag("scale")
class DeepTreeTest {
    static final int DEPTH = 10_000;

    @Test
    void a_chain_ten_thousand_folders_deep_reindexes_and_verifies_in_a_small_heap(Store store, StoreConfig config)
            throws Exception {
        try (Session s = store.openSession()) {
            Node folder = s.create(s.root(), "chain", Folder.titled("chain"));
            for (int i = 0; i < DEPTH; i++) {
                folder = s.create(folder, "c", Folder.titled("c"));
            }
            s.commit(TxInfo.system("chain"));
        }
        String out = CatalogMemoryTest.child(config, "-Xmx48m", "/", "reindex", "verify");
        assertTrue(out.contains("reindexed " + (DEPTH + 2) + "\n"), out);
        assertTrue(out.contains("verified " + (DEPTH + 2) + " nodes, {}\n"), out);
    }
}
