package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class ThreeNodesTest {
    @Test
    void three_nodes_run_every_firing_of_an_every_second_entry_exactly_once(Store store, StoreConfig config) throws Exception {
        Nodes.site(store);
        Schedule schedule = new Schedule(List.of(ScheduleEntry.ofQuartz("tick", "* * * * * ?", ZoneOffset.UTC,
                Misfire.RUN_ONCE, List.of("run", "tick", "--as", "editor"))));
        List<Store> stores = new ArrayList<>();
        List<ClusteredScheduler> nodes = new ArrayList<>();
        for (String id : List.of("node-a", "node-b", "node-c")) {
            Store own = Store.open(config);
            stores.add(own);
            nodes.add(Nodes.node(own, id, Nodes.ticks(own, 0)));
        }
        nodes.parallelStream().forEach(n -> n.start(schedule));
        Instant started = Instant.now();
        Await.until("six firings of the every-second entry to commit", 60_000, () -> succeededTicks(store) >= 6);
        nodes.parallelStream().forEach(n -> n.stop(Duration.ofSeconds(5)));
        Instant stopped = Instant.now();
        stores.forEach(Store::close);

        Map<Instant, List<String>> runsByFireTime = new TreeMap<>();
        Map<String, Integer> perNode = new TreeMap<>();
        List<Long> delays = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT run_id, status, started_by, started_at FROM ns_run"
                        + " WHERE job_name = 'tick'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String runId = rs.getString(1);
                    assertEquals("SUCCEEDED", rs.getString(2), runId);
                    Instant due = Instant.parse(runId.substring("tick@".length()));
                    runsByFireTime.computeIfAbsent(due, k -> new ArrayList<>()).add(runId);
                    perNode.merge(rs.getString(3), 1, Integer::sum);
                    delays.add(Duration.between(due, rs.getTimestamp(4).toInstant()).toMillis());
                }
            }
        }
        assertTrue(runsByFireTime.size() >= 4, "fire times run: " + runsByFireTime.keySet());
        Set<String> docs = new HashSet<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_run WHERE job_name = 'tick'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(runsByFireTime.size(), rs.getInt(1), "one run per fire time: " + runsByFireTime);
            }
        }
        try (var s = store.openSession()) {
            s.children(s.get("/ticks")).forEach(n -> docs.add(n.name()));
        }
        assertEquals(runsByFireTime.size(), docs.size(), "every firing applied once");
        // every second between the first and the last firing ran (none lost, none twice)
        Instant first = Collections.min(runsByFireTime.keySet());
        Instant last = Collections.max(runsByFireTime.keySet());
        for (Instant t = first; !t.isAfter(last); t = t.plusSeconds(1)) {
            assertTrue(runsByFireTime.containsKey(t), "no run for the firing due at " + t + ": " + runsByFireTime.keySet());
            assertEquals(1, runsByFireTime.get(t).size(), "runs of " + t + ": " + runsByFireTime.get(t));
        }
        Collections.sort(delays);
        System.out.println("[fire-delay] three nodes, " + delays.size() + " firings between " + started + " and " + stopped
                + ": median " + delays.get(delays.size() / 2) + " ms, worst " + delays.get(delays.size() - 1)
                + " ms; per node " + perNode + "; all (ms, sorted) " + delays);
    }

    private static int succeededTicks(Store store) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_run WHERE job_name = 'tick' AND status = 'SUCCEEDED'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
