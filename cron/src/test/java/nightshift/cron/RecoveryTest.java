package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class RecoveryTest {
    @Test
    void a_firing_whose_node_was_killed_mid_job_is_recovered_on_another_node_and_applied_once(Store store,
            StoreConfig config) throws Exception {
        Nodes.site(store);
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
        String key = "recovered@" + due;
        try (ClusteredScheduler rescuer = Nodes.node(store, "rescuer", Nodes.ticks(store, 500))) {
            rescuer.sync(new Schedule(List.of(Nodes.onceEntry("recovered", due, Misfire.RUN_ONCE))));
            String[] storeArgs = ChildJvm.storeArgs(config);
            Process child = ChildJvm.start(NodeMain.class, List.of("-Xmx256m"), storeArgs[0], storeArgs[1], storeArgs[2],
                    "doomed", "60000");
            StringBuilder childOut = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (childOut) {
                            childOut.append(line).append('\n');
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                MisfireAndStopTest.waitFor(store, "recovered@", 15_000);
                assertEquals(Map.of(key, "RUNNING"), MisfireAndStopTest.runs(store, "recovered@"));
                child.destroyForcibly(); // SIGKILL, mid-job
                child.waitFor();
            } finally {
                child.destroyForcibly();
            }
            long killed = System.nanoTime();
            rescuer.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!MisfireAndStopTest.runs(store, "recovered@").containsValue("SUCCEEDED")) {
                if (System.currentTimeMillis() > deadline) {
                    synchronized (childOut) {
                        throw new AssertionError("not recovered: " + MisfireAndStopTest.runs(store, "recovered@")
                                + "\n--- child:\n" + childOut);
                    }
                }
                Thread.sleep(100);
            }
            System.out.println("[recovery] recovered " + Duration.ofNanos(System.nanoTime() - killed).toMillis()
                    + " ms after the kill: " + MisfireAndStopTest.runs(store, "recovered@"));
            rescuer.stop(Duration.ofSeconds(5));
        }
        assertEquals(Map.of(key, "ABANDONED", key + "/2", "SUCCEEDED"), MisfireAndStopTest.runs(store, "recovered@"));
        assertTrue(MisfireAndStopTest.exists(store, key));
    }
}
