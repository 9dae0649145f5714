package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reindex and verify in a child JVM whose heap is far too small for anything that grows with the store: the store
 * holds {@value #FOLDERS} one-document folders beside the subtree they work on, and reading which of all those
 * folders have children as one result does not fit; nor do as many orphans, catalog rows for no node or old
 * versions, read as one result each.
 */
@ExtendWith(StoreExtension.class)
@Tag("scale")
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

    @Test
    void verify_of_a_store_with_as_many_orphans_rows_for_no_node_and_old_versions_streams_in_a_small_heap(Store store,
            StoreConfig config) throws Exception {
        long outside;
        try (Session s = store.openSession()) {
            outside = s.get("/outside").oid();
        }
        // The catalog of /outside, then an old version of each document, then the folders gone: what a bad restore
        // or a bug leaves behind, made with SQL.
        sql(store, "INSERT INTO ns_catalog (oid, path, parent_path, type_name, title, owner, tid, text)"
                + " SELECT oid, CASE WHEN oid = " + outside + " THEN '/outside' ELSE '/outside/' || name END,"
                + " CASE WHEN oid = " + outside + " THEN '/' ELSE '/outside' END, 'nightshift.store.content.Folder',"
                + " name, owner, tid, ''::tsvector FROM ns_object WHERE (oid = " + outside + " OR parent_oid = " + outside
                + ") AND end_tid IS NULL");
        sql(store, "INSERT INTO ns_catalog_state (path, tid) SELECT '/outside', max(tid) FROM ns_tx");
        sql(store, "INSERT INTO ns_object (oid, tid, end_tid, parent_oid, name, type_id, owner, state)"
                + " SELECT d.oid, 1, d.tid, d.parent_oid, d.name, d.type_id, d.owner, d.state"
                + " FROM ns_object f JOIN ns_object d ON d.parent_oid = f.oid AND d.end_tid IS NULL"
                + " WHERE f.parent_oid = " + outside + " AND f.end_tid IS NULL");
        sql(store, "DELETE FROM ns_object WHERE parent_oid = " + outside);

        String out = child(config, HEAP, "/", "verify");
        assertTrue(out.contains("verified 513 nodes, {ORPHAN=" + FOLDERS + ", CATALOG_DANGLING=" + FOLDERS + "}\n"), out);
        assertTrue(out.contains("old versions " + FOLDERS + "\n"), out);
    }

    private static void sql(Store store, String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
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
