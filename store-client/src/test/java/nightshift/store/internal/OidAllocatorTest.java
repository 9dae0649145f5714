package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class OidAllocatorTest {
    @Test
    void a_fast_consumer_gets_unique_oids_from_blocks_fetched_several_at_a_time(Store store) throws Exception {
        OidAllocator oids = new OidAllocator();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            long before = sequence(st, "SELECT nextval('ns_oid_seq')");
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                assertTrue(seen.add(oids.next(c)), "oid handed out twice");
            }
            long blocks = (sequence(st, "SELECT last_value FROM ns_oid_seq") - before) / OidAllocator.BLOCK;
            // 20 blocks used, fetched 1, 2, 4, 8, 16 at a time: 31 reserved in five round trips, not 20 in twenty.
            assertEquals(31, blocks);
        }
    }

    private static long sequence(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
