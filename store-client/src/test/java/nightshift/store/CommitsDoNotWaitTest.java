package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.HeldCommitMain;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A long commit (a session that spilled) writes its rows before it takes the store's commit lock: a short commit from
 * another process, arriving while the long one is still in its transaction, takes its tid and commits without waiting.
 * Shown by the order of events, not by timing: the long commit is held inside its transaction until the short one has
 * committed.
 */
@ExtendWith(StoreExtension.class)
class CommitsDoNotWaitTest {
    private static final long HOLD = 0x6e7465737401L;

    private final Store store;
    private final StoreConfig config;

    CommitsDoNotWaitTest(Store store, StoreConfig config) {
        this.store = store;
        this.config = config;
    }

    private long query(String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_short_commit_takes_its_tid_and_commits_while_a_long_commit_from_another_process_is_still_writing() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.root(), "live", Folder.titled("the live site's folder"));
            s.commit(TxInfo.of("setup"));
        }
        String[] storeArgs = ChildJvm.storeArgs(config);
        long reserved;
        try (Connection holder = store.dataSource().getConnection()) {
            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, HOLD);
                ps.execute();
            }
            Process big = ChildJvm.start(HeldCommitMain.class, List.of("-Xmx256m"), storeArgs[0], storeArgs[1], storeArgs[2],
                    "big", "20000", Long.toString(HOLD));
            BufferedReader out = new BufferedReader(new InputStreamReader(big.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = out.readLine()) != null && !line.equals("IN COMMIT")) {
                    // the child's log lines
                }
                assertEquals("IN COMMIT", line, "the long commit reached its hook");
                reserved = query("SELECT coalesce(max(tid), 0) FROM ns_tid_reservation");
                assertTrue(reserved > 0, "the long commit reserved a tid");

                CompletableFuture<Long> small = CompletableFuture.supplyAsync(() -> {
                    try (Session s = store.openSession()) {
                        s.create(s.get("/live"), "saved", Document.of("saved", "by the live site"));
                        return s.commit(TxInfo.of("live site"));
                    }
                });
                long tid = small.get(60, TimeUnit.SECONDS);

                assertTrue(tid < reserved, "the short commit's tid " + tid + " is below the long commit's " + reserved);
                assertEquals(reserved, query("SELECT coalesce(max(tid), 0) FROM ns_tid_reservation"),
                        "the long commit was still in its transaction when the short one committed");
                assertEquals(tid, query("SELECT max(tid) FROM ns_tx"), "the short commit is the newest visible");
                try (Session s = store.openSession()) {
                    assertTrue(s.exists("/live/saved"));
                    assertTrue(!s.exists("/big"), "nothing of the long commit is visible yet");
                }
            } finally {
                try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, HOLD);
                    ps.execute();
                }
            }
            String rest = new String(big.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(big.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, big.exitValue(), rest);
            assertTrue(rest.contains("COMMITTED"), rest);
        }
        try (Session s = store.openSession()) {
            assertEquals(20_000, s.children(s.get("/big")).count());
            assertTrue(s.exists("/live/saved"));
            assertEquals(reserved, s.get("/big").tid(), "the long commit is visible with the tid it reserved");
            assertTrue(s.get("/live/saved").tid() < s.get("/big").tid(), "tids are the order of the commits");
        }
        assertEquals(0, query("SELECT count(*) FROM ns_tid_reservation"), "the reservation is gone with the publish");
    }

    @Test
    void a_reservation_left_by_a_process_that_died_is_removed_by_the_first_commit_that_reaches_it() throws Exception {
        long next = query("SELECT last_value FROM ns_tid_seq") + 2;
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ns_tid_reservation (tid) VALUES (?)")) {
            ps.setLong(1, next);
            ps.executeUpdate();
        }
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "after-a-dead-reservation", Folder.titled("f"));
            long first = s.commit(TxInfo.of("one"));
            s.create(s.get("/after-a-dead-reservation"), "two", Document.of("two", ""));
            long second = s.commit(TxInfo.of("two"));
            assertTrue(first < next && second > next, first + " then " + second + " around the dead reservation " + next);
            assertTrue(f.oid() > 0);
        }
        assertEquals(0, query("SELECT count(*) FROM ns_tid_reservation"));
    }
}
