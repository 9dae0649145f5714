package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reindex and verify in a child JVM whose heap is far too small for anything that grows with the store: the store
 * holds {@value #FOLDERS} one-document folders beside the subtree they work on, and reading which of all those
 * folders have children, as one result, does not fit.
 */
@ExtendWith(StoreExtension.class)
class CatalogMemoryTest {
    static final int FOLDERS = 200_000;
    private static final String HEAP = "-Xmx24m";

    @BeforeAll
    static void store(Store store) {
        try (Session s = store.openSession()) {
            Node inside = s.create(s.root(), "inside", Folder.titled("inside"));
            for (int f = 0; f < 10; f++) {
                Node folder = s.create(inside, "f" + f, Folder.titled("folder " + f));
                for (int d = 0; d < 50; d++) {
                    s.create(folder, "d" + d, Document.of("document " + d, "text"));
                }
            }
            Node outside = s.create(s.root(), "outside", Folder.titled("outside"));
            for (int f = 0; f < FOLDERS; f++) {
                s.create(s.create(outside, "f" + f, Folder.titled("f")), "d", Document.of("d", "text"));
            }
            s.commit(TxInfo.system("setup"));
        }
    }

    @Test
    void a_subtree_reindexes_and_verifies_in_a_heap_too_small_for_the_store_s_folders(StoreConfig config) throws Exception {
        String out = child(config, HEAP, "/inside", "reindex", "verify");
        assertTrue(out.contains("reindexed 511\n"), out);
        assertTrue(out.contains("verified 511 nodes, {}\n"), out);
    }

    static String child(StoreConfig config, String heap, String path, String... operations) throws Exception {
        List<String> args = new ArrayList<>(List.of(ChildJvm.storeArgs(config)));
        args.add(path);
        args.addAll(List.of(operations));
        Process child = ChildJvm.start(CatalogWalkMain.class, List.of(heap, "-XX:+UseSerialGC"), args.toArray(String[]::new));
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        System.out.print("CatalogMemoryTest " + path + " " + String.join(" ", operations) + ":\n" + output);
        return output.toString();
    }
}
