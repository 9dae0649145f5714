package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch big enough to be applied in chunks (a reindex: a commit that writes no node, so holds no commit lock)
 * indexes every node once and lets the newest of two entries staged for one node win,
 * as the one statement does.
 */
@ExtendWith(StoreExtension.class)
class CatalogChunkedApplyTest {
    private static final int DOCS = 12_000;

    private final Store store;
    private final Catalog catalog;

    CatalogChunkedApplyTest(Store store) {
        this.store = store;
        this.catalog = Catalog.of(store);
    }

    @BeforeAll
    static void documents(Store store) {
        try (Session s = store.openSession()) {
            Node bulk = s.create(s.root(), "bulk", Folder.titled("bulk"));
            for (int i = 0; i < DOCS; i++) {
                s.create(bulk, "doc-" + i, Document.of("title " + i, "body " + i));
            }
            s.commit(TxInfo.system("setup"));
        }
    }

    private long rows(String where) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_catalog WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Indexes every child of /bulk through one batch in a commit that writes no node; {@code twice} stages each again. */
    private void indexAll(String prefix, boolean twice) {
        try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch()) {
            List<Node> docs = new ArrayList<>();
            s.children(s.get("/bulk")).forEach(docs::add);
            for (Node doc : docs) {
                batch.index(doc, IndexEntry.titled(prefix + " " + doc.name()));
            }
            if (twice) {
                for (Node doc : docs) {
                    batch.index(doc, IndexEntry.titled("newest " + doc.name()));
                }
            }
            s.commit(TxInfo.system("reindex"), batch.commitHook());
        }
    }

    @Test
    void a_big_batch_without_node_writes_indexes_every_node_once_and_the_newest_entry_wins() throws Exception {
        indexAll("first", false);
        assertEquals(DOCS, rows("path LIKE '/bulk/doc-%'"));
        assertEquals(DOCS, rows("title LIKE 'first doc-%'"));
        indexAll("second", true);
        assertEquals(DOCS, rows("path LIKE '/bulk/doc-%'"));
        assertEquals(DOCS, rows("title LIKE 'newest doc-%'"));
        indexAll("third", false);
        assertEquals(DOCS, rows("title LIKE 'third doc-%'"));
        assertEquals(1, catalog.search(Query.builder().text("third").path("/bulk/doc-11999").build()).hits().size());
    }
}
