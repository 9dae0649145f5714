package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.spi.Connections;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Catalog batches that live at the same time, in two processes or on one backend, each keep their staging table. */
@ExtendWith(StoreExtension.class)
class CatalogBatchProcessesTest {
    private static final int DOCS = CatalogBatch.BUFFER_ROWS + 500;

    @BeforeAll
    static void folders(Store store) {
        try (Session s = store.openSession()) {
            for (String name : List.of("parent", "child", "shared")) {
                Node folder = s.create(s.root(), name, Folder.titled(name));
                for (int i = 0; i < DOCS; i++) {
                    s.create(folder, "d" + i, Document.of(name + " " + i, "text"));
                }
            }
            s.commit(TxInfo.system("setup"));
        }
    }

    @Test
    void batches_indexing_at_once_in_two_processes_each_commit_their_rows(Store store, StoreConfig config) throws Exception {
        indexAlongsideAnotherProcess(store, config, "parent", "child");
    }

    /**
     * This process stages rows of {@code mine}, then the child starts a batch (sweeping stage tables) and stages
     * rows of {@code theirs}, then this process starts another batch (sweeping again) while both are live; both
     * then stage the rest and commit.
     */
    private static void indexAlongsideAnotherProcess(Store store, StoreConfig config, String mine, String theirs)
            throws Exception {
        Catalog catalog = Catalog.of(store);
        String[] args = ChildJvm.storeArgs(config);
        Process child = ChildJvm.start(IndexingProcess.class, List.of("-Xmx128m"), args[0], args[1], args[2],
                "/" + theirs);
        StringBuilder output = new StringBuilder();
        try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch();
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            List<Node> children = children(s, "/" + mine);
            children.subList(0, CatalogBatch.BUFFER_ROWS).forEach(batch::index);
            assertEquals("staged", readUntil(out, output, "staged"), output.toString());
            try (Session other = store.openSession(); CatalogBatch another = catalog.openBatch()) {
                another.index(other.get("/" + mine));
            }
            in.write("go\n");
            in.flush();
            children.subList(CatalogBatch.BUFFER_ROWS, children.size()).forEach(batch::index);
            s.commit(TxInfo.system("index " + mine), batch.commitHook());
            readUntil(out, output, null);
        }
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        assertTrue(output.toString().contains("committed"), output.toString());
        assertEquals(DOCS, rowsBelow(catalog, mine));
        assertEquals(DOCS, rowsBelow(catalog, theirs));
    }

    @Test
    void two_batches_on_one_connection_keep_each_other_s_staging_table(Store store) throws Exception {
        try (Connection shared = store.dataSource().getConnection()) {
            Catalog first = Catalog.of(Connections.onConnection(store, shared));
            Catalog second = Catalog.of(Connections.onConnection(store, shared));
            try (Session s = store.openSession(); CatalogBatch batch = first.openBatch()) {
                List<Node> children = children(s, "/shared");
                children.subList(0, CatalogBatch.BUFFER_ROWS).forEach(batch::index);
                try (CatalogBatch another = second.openBatch()) {
                    another.index(s.get("/shared"));
                }
                children.subList(CatalogBatch.BUFFER_ROWS, children.size()).forEach(batch::index);
                s.commit(TxInfo.system("index shared"), batch.commitHook());
            }
        }
        assertEquals(DOCS, rowsBelow(Catalog.of(store), "shared"));
    }

    @Test
    void batch_ids_that_differ_only_above_32_bits_lock_apart(Store store) throws Exception {
        Catalog catalog = Catalog.of(store);
        nextBatchId(store, 41);
        try (Session s = store.openSession(); CatalogBatch low = catalog.openBatch()) {
            List<Node> children = children(s, "/shared");
            low.index(children.get(0));
            nextBatchId(store, (1L << 32) + 41);
            try (Connection c = store.dataSource().getConnection(); var st = c.createStatement()) {
                // a batch waiting for another's lock fails here instead of hanging the test
                st.execute("SET lock_timeout = '20s'");
                try (CatalogBatch high = Catalog.of(Connections.onConnection(store, c)).openBatch()) {
                    high.index(children.get(1));
                } finally {
                    st.execute("RESET lock_timeout");
                }
            }
            children.subList(1, children.size()).forEach(low::index);
            s.commit(TxInfo.system("index shared"), low.commitHook());
        }
        assertEquals(DOCS, rowsBelow(catalog, "shared"));
    }

    private static void nextBatchId(Store store, long id) throws Exception {
        try (Connection c = store.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("SELECT setval('ns_catalog_batch_seq', " + id + ", false)");
        }
    }

    private static List<Node> children(Session s, String path) {
        try (Stream<Node> listed = s.children(s.get(path))) {
            return listed.toList();
        }
    }

    /** Reads the child's lines into {@code output} until {@code wanted} (returned) or, for null, to the end. */
    private static String readUntil(BufferedReader out, StringBuilder output, String wanted) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            output.append(line).append('\n');
            if (line.equals(wanted)) {
                return line;
            }
        }
        return null;
    }

    private static long rowsBelow(Catalog catalog, String folder) throws Exception {
        try (Connection c = catalog.store().dataSource().getConnection();
                var ps = c.prepareStatement("SELECT count(*) FROM ns_catalog WHERE parent_path = ?")) {
            ps.setString(1, "/" + folder);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
