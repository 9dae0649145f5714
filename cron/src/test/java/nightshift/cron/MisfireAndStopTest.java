package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class MisfireAndStopTest {
    @BeforeAll
    static void site(Store store) {
        Nodes.site(store);
    }

    @Test
    void a_missed_firing_runs_once_when_its_entry_says_run_once_and_not_at_all_when_it_says_skip(Store store) throws Exception {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Schedule schedule = new Schedule(List.of(Nodes.onceEntry("late-once", due, Misfire.RUN_ONCE),
                Nodes.onceEntry("late-skip", due, Misfire.SKIP)));
        try (ClusteredScheduler node = Nodes.node(store, "late", Nodes.ticks(store, 0))) {
            node.sync(schedule);
            // Time must pass here, not a condition come true: the cluster is down past the due time and the misfire
            // threshold (a second), so both firings are missed.
            Thread.sleep(Duration.between(Instant.now(), due.plusMillis(2_500)).toMillis());
            node.start();
            waitFor(store, "late-once@", 5_000);
            // A window, not a wait for something: within it the skipped entry must not run, nor the other run twice.
            Thread.sleep(1_500);
            node.stop(Duration.ofSeconds(2));
        }
        Map<String, String> once = runs(store, "late-once@");
        assertEquals(1, once.size(), once.toString());
        String runId = once.keySet().iterator().next();
        assertEquals("SUCCEEDED", once.get(runId));
        assertTrue(Instant.parse(runId.substring("late-once@".length())).isAfter(due), runId + " ran late, after " + due);
        assertEquals(Map.of(), runs(store, "late-skip@"));
    }

    @Test
    void stopping_lets_a_running_firing_finish_within_the_grace_period(Store store) throws Exception {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        try (ClusteredScheduler node = Nodes.node(store, "patient", Nodes.ticks(store, 1_500))) {
            node.start(new Schedule(List.of(Nodes.onceEntry("finishes", due, Misfire.RUN_ONCE))));
            waitFor(store, "finishes@", 5_000);
            node.stop(Duration.ofSeconds(10));
        }
        String key = "finishes@" + due;
        assertEquals(Map.of(key, "SUCCEEDED"), runs(store, "finishes@"));
        assertTrue(exists(store, key));
    }

    @Test
    void stopping_aborts_a_firing_still_running_after_the_grace_period_and_commits_nothing(Store store) throws Exception {
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        long started;
        try (ClusteredScheduler node = Nodes.node(store, "hasty", Nodes.ticks(store, 10_000))) {
            node.start(new Schedule(List.of(Nodes.onceEntry("aborted", due, Misfire.RUN_ONCE))));
            waitFor(store, "aborted@", 5_000);
            started = System.nanoTime();
            node.stop(Duration.ofMillis(300));
        }
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "stop waited for the job instead of aborting it");
        String key = "aborted@" + due;
        assertEquals(Map.of(key, "ABANDONED"), runs(store, "aborted@"));
        assertFalse(exists(store, key));
    }

    static void waitFor(Store store, String prefix, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (runs(store, prefix).isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no run of " + prefix + " within " + millis + " ms");
            }
            Thread.sleep(50);
        }
    }

    static Map<String, String> runs(Store store, String prefix) throws Exception {
        Map<String, String> runs = new LinkedHashMap<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT run_id, status FROM ns_run WHERE left(run_id, ?) = ?"
                        + " ORDER BY started_at")) {
            ps.setInt(1, prefix.length());
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return runs;
    }

    static boolean exists(Store store, String name) {
        try (Session s = store.openSession()) {
            return s.exists("/ticks/" + name);
        }
    }
}
