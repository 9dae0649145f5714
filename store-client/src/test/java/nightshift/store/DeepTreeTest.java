package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tree ten thousand levels deep: nothing that walks it may need stack in proportion to its depth. */
@ExtendWith(StoreExtension.class)
class DeepTreeTest {
    private static final int DEPTH = 10_000;

    private final Store store;

    DeepTreeTest(Store store) {
        this.store = store;
    }

    private long current(String name) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_object WHERE end_tid IS NULL AND name = '" + name + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void deleting_a_chain_ten_thousand_deep_deletes_every_node_of_it() throws Exception {
        try (Session s = store.openSession()) {
            Node n = s.create(s.root(), "deep", Folder.titled("deep"));
            for (int i = 0; i < DEPTH; i++) {
                n = s.create(n, "level", Folder.titled("level"));
            }
            s.commit(TxInfo.of("chain"));
        }
        assertEquals(DEPTH, current("level"));
        try (Session s = store.openSession()) {
            s.delete(s.get("/deep"));
            assertEquals(DEPTH + 1, s.changes().deleted());
            s.commit(TxInfo.of("delete the chain"));
            assertFalse(s.exists("/deep"));
        }
        assertEquals(0, current("level"));
    }
}
