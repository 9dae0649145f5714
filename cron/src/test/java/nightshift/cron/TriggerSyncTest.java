package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nightshift.cron.ClusteredScheduler.TriggerSyncResult;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class TriggerSyncTest {
    private static final String FILE = """
            TZ=Europe/Paris
            [id=reindex] 30 3 * * * run reindex --as editor
            [id=pack misfire=skip] 0 4 1,15 * sun run pack --as admin
            @hourly run archive-news --as editor --days 365
            """;

    @Test
    void two_nodes_starting_from_one_file_sync_it_once_and_a_changed_file_adds_changes_and_removes(Store store,
            StoreConfig config) throws Exception {
        Schedule schedule = Schedule.parse("schedule", FILE);
        try (Store storeB = Store.open(config);
                ClusteredScheduler a = Nodes.node(store, "a", f -> null);
                ClusteredScheduler b = Nodes.node(storeB, "b", f -> null)) {
            CompletableFuture<TriggerSyncResult> syncA = CompletableFuture.supplyAsync(() -> a.sync(schedule));
            CompletableFuture<TriggerSyncResult> syncB = CompletableFuture.supplyAsync(() -> b.sync(schedule));
            List<TriggerSyncResult> results = new ArrayList<>(List.of(syncA.get(), syncB.get()));
            results.sort((x, y) -> y.added().size() - x.added().size());
            assertEquals(3, results.get(0).added().size(), results.toString());
            assertEquals(0, results.get(1).added().size() + results.get(1).changed().size(), results.toString());
            assertEquals(3, results.get(1).unchanged().size(), results.toString());
            // the pack entry restricts both day fields: two triggers
            assertEquals(List.of("archive-news-", "pack#1", "pack#2", "reindex#1"), triggers(store));

            Schedule changed = Schedule.parse("schedule", """
                    TZ=Europe/Paris
                    [id=reindex] 45 3 * * * run reindex --as editor
                    [id=pack misfire=skip] 0 4 1,15 * sun run pack --as admin
                    [id=links] 0 5 * * mon run check-links --as editor
                    """);
            TriggerSyncResult r = b.sync(changed);
            assertEquals(List.of("links"), r.added());
            assertEquals(List.of("reindex"), r.changed());
            assertEquals(1, r.removed().size());
            assertEquals(List.of("pack"), r.unchanged());
            assertEquals(List.of("links#1", "pack#1", "pack#2", "reindex#1"), triggers(store));
            assertEquals("0 45 3 * * ?", cron(store, "reindex#1"));
            TriggerSyncResult again = a.sync(changed);
            assertEquals(3, again.unchanged().size(), again.toString());
            a.stop(Duration.ZERO);
            b.stop(Duration.ZERO);
        }
    }

    private static List<String> triggers(Store store) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT trigger_name FROM qrtz_triggers ORDER BY trigger_name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                names.add(name.startsWith("archive-news-") ? "archive-news-" : name);
            }
        }
        return names;
    }

    private static String cron(Store store, String trigger) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = '" + trigger + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
