package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.catalog.internal.TreeQueries;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which nodes of a page have children is asked by index, also where the statistics say that nearly every node has
 * the same parent (one big folder): a sequential scan per leaf would read the whole table for each.
 */
@ExtendWith(StoreExtension.class)
class TreeQueriesPlanTest {

    @Test
    void which_nodes_of_a_page_have_children_is_probed_by_index_when_one_folder_holds_nearly_everything(Store store)
            throws Exception {
        long[] docs = new long[3];
        try (Session s = store.openSession()) {
            Node folder = s.create(s.root(), "docs", Folder.titled("docs"));
            for (int i = 0; i < 20_000; i++) {
                Node doc = s.create(folder, "d" + i, Document.of("d", "text"));
                if (i < docs.length) {
                    docs[i] = doc.oid();
                }
            }
            s.commit(TxInfo.system("one big folder"));
        }
        try (Session s = store.openSession()) {
            for (int i = 0; i < 2; i++) {
                Node doc = s.get("/docs/d" + (10 + i));
                s.update(doc.withObject(Document.of("e", "text")));
            }
            s.commit(TxInfo.system("old versions"));
        }
        long now = store.lastTid();
        for (long tid : new long[] {now, now - 1}) {
            for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                String plan = plan(store, mode, docs, tid);
                assertFalse(plan.contains("Seq Scan on ns_object"), plan);
                assertTrue(plan.contains("Index Scan using ns_object_current_name"), plan);
            }
        }
        assertEquals(0, new TreeQueries(store.dataSource()).parentsAmong(docs, now).length);
    }

    private static String plan(Store store, String mode, long[] oids, long tid) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE ns_object");
            c.setAutoCommit(false);
            try {
                st.execute("SET LOCAL plan_cache_mode = " + mode);
                String sql = TreeQueries.PARENTS_AMONG;
                for (int i = 1; sql.contains("?"); i++) {
                    sql = sql.replaceFirst("\\?", "\\$" + i);
                }
                st.execute("PREPARE parents_among AS " + sql);
                StringBuilder plan = new StringBuilder();
                String array = "'{" + oids[0] + "," + oids[1] + "," + oids[2] + "}'";
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE parents_among(" + array + ", " + tid + ", " + tid + ", " + tid + ")")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                st.execute("DEALLOCATE parents_among");
                return plan.toString();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
