package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements sent with every job are planned by PostgreSQL from statistics that may be older than the rows, and a
 * prepared statement keeps its generic plan: the indexes must leave such a plan no way to read a whole index where it
 * means to find a few entries (migration V9). Each test asks the planner with the right index out of reach (dropped
 * in a transaction that is rolled back, sequential scans discouraged), which is the choice stale statistics made.
 */
@ExtendWith(StoreExtension.class)
class IndexChoiceTest {
    private final Store store;
    private int prepared;

    IndexChoiceTest(Store store) {
        this.store = store;
    }

    @Test
    void the_change_poll_cannot_be_answered_from_the_history_by_name() throws SQLException {
        String poll = genericPlan("DROP INDEX ns_object_history_end", new ObjectCache(1000).changedSince());
        assertFalse(poll.contains("ns_object_history_name"), poll);

        String listing = genericPlan(null, SnapshotReader.ENDED);
        assertTrue(listing.contains("ns_object_history_name"), "old versions are still listed by parent through it:\n" + listing);
    }

    @Test
    void ending_a_run_looks_its_entry_up_by_run_id_and_the_sweep_still_reads_the_running_ones_by_index() throws SQLException {
        // RunTable's ending of a run (module jobs): by run id, and only while it is RUNNING
        String finish = genericPlan("ALTER TABLE ns_run DROP CONSTRAINT ns_run_pkey CASCADE",
                "UPDATE ns_run SET status = 'SUCCEEDED' WHERE run_id = ? AND status = 'RUNNING'");
        assertTrue(finish.contains("ns_run_running") && finish.contains("Index Cond: (run_id = $1)"), finish);

        String sweep = genericPlan(null, "SELECT run_id FROM ns_run WHERE status = 'RUNNING'");
        assertTrue(sweep.contains("ns_run_running"), sweep);
    }

    /** The plan PostgreSQL makes for {@code sql} whatever its parameters' values, after {@code setup}; all rolled back. */
    private String genericPlan(String setup, String sql) throws SQLException {
        String name = "planned" + ++prepared;
        String numbered = sql;
        List<String> values = new ArrayList<>();
        while (numbered.contains("?")) {
            values.add("NULL");
            numbered = numbered.replaceFirst("\\?", "\\$" + values.size());
        }
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                if (setup != null) {
                    st.execute(setup);
                }
                st.execute("SET LOCAL enable_seqscan = off");
                st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                // PREPARE, not EXPLAIN (GENERIC_PLAN): the driver would bind the $n of the latter itself
                st.execute("PREPARE " + name + " AS " + numbered);
                StringBuilder plan = new StringBuilder();
                String args = values.isEmpty() ? "" : "(" + String.join(", ", values) + ")";
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE " + name + args)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                st.execute("DEALLOCATE " + name);
                return plan.toString();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
