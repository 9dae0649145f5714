package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that stopped answering (SIGSTOP) long enough for the cluster to recover it, then goes on: it must not act
 * on what it held when it stopped. Nodes are child JVMs running {@link NodeMain}.
 */
@ExtendWith(StoreExtension.class)
class ResumedNodeTest {
    private static final long RECOVERY_MILLIS = 60_000;

    @BeforeAll
    static void site(Store store) {
        Nodes.site(store);
    }

    @Test
    void a_node_resumed_after_the_cluster_recovered_it_does_not_fire_the_trigger_it_had_acquired(Store store,
            StoreConfig config) throws Exception {
        sync(store, "acquired", "* * * * * ?");
        List<ChildNode> nodes = new ArrayList<>();
        try {
            ChildNode a = start(nodes, config, "acquired-a", 0);
            Await.until("node a to commit a firing", 60_000, () -> committed(store, "acquired-a"));
            Instant stale = stopHoldingAcquired(store, a);
            ChildNode b = start(nodes, config, "acquired-b", 0);
            // b fires the entry only once it has recovered a, which frees the trigger a holds
            Await.until("node b to commit a firing", RECOVERY_MILLIS, () -> committed(store, "acquired-b"));
            stopHoldingAcquired(store, b); // the trigger is ACQUIRED again, by b, when a goes on

            a.resume();
            String staleKey = Firing.key("acquired", stale);
            Await.until("node a to fire or refuse the trigger it held", 30_000, () -> a.printed("not firing acquired#1 (due "
                    + stale + ")") || !MisfireAndStopTest.runs(store, staleKey).isEmpty());
            b.resume();
            assertEquals(Map.of(), MisfireAndStopTest.runs(store, staleKey), "the firing due at " + stale
                    + ", which the cluster ran as a misfire, ran again on the resumed node");
            assertTrue(a.printed("not firing acquired#1 (due " + stale + ")"), a.tail(50));
        } catch (Throwable t) {
            System.out.println(diagnostics(store, nodes));
            throw t;
        } finally {
            nodes.forEach(ChildNode::close);
        }
    }

    @Test
    void a_node_resumed_after_its_firing_was_recovered_leaves_the_entrys_triggers_to_the_node_that_recovered_it(
            Store store, StoreConfig config) throws Exception {
        // Every 15 s: the entry's next firing is due while the recovered attempt (10 s on b) still runs.
        sync(store, "overlap", "0/15 * * * * ?");
        List<ChildNode> nodes = new ArrayList<>();
        try {
            ChildNode a = start(nodes, config, "overlap-a", 3_000);
            String first = Await.until("a firing that has just started on node a", 60_000, () -> justStarted(store, "overlap-a"));
            a.pause();
            ChildNode b = start(nodes, config, "overlap-b", 10_000);
            Await.until("the firing to run again on node b", RECOVERY_MILLIS,
                    () -> "RUNNING".equals(MisfireAndStopTest.runs(store, first + "/2").get(first + "/2")));

            a.resume(); // a's attempt ends at once (it cannot commit), while b's runs on
            Instant due = Instant.parse(first.substring("overlap@".length()));
            Await.until("the entry's next firing", 60_000, () -> MisfireAndStopTest.runs(store, "overlap@").size() > 2);
            assertEquals(Map.of(), skippedRuns(store), "a firing ran while the recovered one was still running");
            assertTrue(a.printed("the firing of overlap#1 (due " + due + ") ended here after the cluster recovered it"),
                    a.tail(50));
        } catch (Throwable t) {
            System.out.println(diagnostics(store, nodes));
            throw t;
        } finally {
            nodes.forEach(ChildNode::close);
        }
    }

    private static void sync(Store store, String entry, String quartz) {
        try (ClusteredScheduler syncing = Nodes.node(store, "sync-" + entry, f -> null)) {
            syncing.sync(new Schedule(List.of(ScheduleEntry.ofQuartz(entry, quartz, ZoneOffset.UTC, Misfire.RUN_ONCE,
                    List.of("run", "tick", "--as", "editor")))));
        }
    }

    private static ChildNode start(List<ChildNode> nodes, StoreConfig config, String id, long jobMillis) {
        String[] store = ChildJvm.storeArgs(config);
        ChildNode node = ChildNode.start(NodeMain.class, id, store[0], store[1], store[2], id, String.valueOf(jobMillis));
        nodes.add(node);
        return node;
    }

    /**
     * Stops the node while it holds an acquired trigger (Quartz acquires the next one up to its idle wait ahead);
     * returns when that trigger was due.
     */
    private static Instant stopHoldingAcquired(Store store, ChildNode node) throws Exception {
        return Await.until("node " + node.id() + " stopped while it holds an acquired trigger", 30_000, () -> {
            if (acquired(store, node.id()) == null) {
                return null;
            }
            node.pause();
            Instant due = acquired(store, node.id());
            if (due == null) {
                node.resume(); // it fired the trigger just before it stopped
            }
            return due;
        });
    }

    private static Instant acquired(Store store, String node) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT sched_time FROM qrtz_fired_triggers"
                        + " WHERE instance_name = ? AND state = 'ACQUIRED'")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
            }
        }
    }

    private static boolean committed(Store store, String node) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ns_run WHERE started_by = ? AND status = 'SUCCEEDED'")) {
            ps.setString(1, "scheduler:" + node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A RUNNING run of the node that started within the last half second: most of its work is before it. */
    private static String justStarted(Store store, String node) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT run_id FROM ns_run WHERE started_by = ? AND status = 'RUNNING'"
                        + " AND started_at > now() - interval '500 milliseconds'")) {
            ps.setString(1, "scheduler:" + node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Map<String, String> skippedRuns(Store store) throws Exception {
        Map<String, String> skipped = new TreeMap<>();
        MisfireAndStopTest.runs(store, "overlap@").forEach((run, status) -> {
            if (status.equals("SKIPPED")) {
                skipped.put(run, status);
            }
        });
        return skipped;
    }

    /** Every run record, the triggers, and the end of each node's output. */
    private static String diagnostics(Store store, List<ChildNode> nodes) {
        StringBuilder out = new StringBuilder("--- run records\n");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT run_id, status, started_by, started_at, finished_at FROM ns_run"
                    + " ORDER BY started_at")) {
                while (rs.next()) {
                    out.append(String.format("%-40s %-9s %-22s %s  %s%n", rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? "-" : rs.getTimestamp(5).toInstant()));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT trigger_name, trigger_state, next_fire_time FROM qrtz_triggers")) {
                while (rs.next()) {
                    out.append("trigger ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(" next ")
                            .append(Instant.ofEpochMilli(rs.getLong(3))).append('\n');
                }
            }
        } catch (SQLException e) {
            out.append("(cannot read: ").append(e).append(")\n");
        }
        for (ChildNode n : nodes) {
            out.append("--- node ").append(n.id()).append('\n').append(n.tail(100)).append('\n');
        }
        return out.toString();
    }
}
