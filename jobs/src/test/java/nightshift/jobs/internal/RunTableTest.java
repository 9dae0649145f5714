package nightshift.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.security.UserReadAhead;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.spi.Connections;
import nightshift.store.spi.SnapshotReadAhead;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class RunTableTest {
    private final Store store;

    RunTableTest(Store store) {
        this.store = store;
    }

    /**
     * The read-aheads sent with a RUNNING record (the user, the snapshot registration with the object cache's change
     * poll) keep one generic plan per connection rather than being planned for every run, and the setting ends with
     * the record's transaction.
     */
    @Test
    void the_read_aheads_of_a_running_record_are_planned_once_per_connection() throws Exception {
        readerAndCachedFolder("planner", "plans");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (int i = 0; i < 12; i++) {
                RunTable.Start start = new RunTable.Start("plans-" + i, "plans", "plans", "", "planner", "test", false);
                SnapshotReadAhead snapshot = Connections.snapshotReadAhead(store);
                assertTrue(RunTable.lockAndInsertRunning(c, start, Instant.now(), List.of(UserReadAhead.of("planner").asReadAhead(), snapshot)));
                assertTrue(snapshot.isRead());
                snapshot.releaseUnlessTaken(c);
                new JobLock(c, start).release();
            }
            try (ResultSet rs = st.executeQuery("SELECT current_setting('plan_cache_mode'), coalesce(sum(generic_plans), 0),"
                    + " coalesce(sum(custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE '%end_tid > $%'")) {
                rs.next();
                assertEquals("auto", rs.getString(1), "the connection's own setting afterwards");
                assertTrue(rs.getLong(2) > 0, "the registration became a prepared statement on the server, with its poll");
                assertEquals(0, rs.getLong(3), "custom plans of the registration");
            }
        }
    }
    /**
     * The registration's change poll reads ns_object under a generic plan kept per connection: once the store's tid
     * has doubled, the connection plans it again (jumping the tid sequence to the next power of two; gaps in tids are
     * harmless), so the poll gets a second prepared statement.
     */
    @Test
    void the_registration_is_planned_again_when_the_store_has_doubled() throws Exception {
        readerAndCachedFolder("doubler", "doubling-polls");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    st.execute("SELECT setval('ns_tid_seq', (2 ^ ceil(log(2, last_value + 2)))::bigint) FROM ns_tid_seq");
                    try (Session s = store.openSession()) {
                        s.update(s.get("/doubling-polls").withObject(Folder.titled("y")));
                        s.commit(TxInfo.system("past the doubling"));
                    }
                }
                for (int i = 0; i < 8; i++) { // the driver prepares a statement on the server at its fifth use
                    RunTable.Start start = new RunTable.Start("doubling-" + round + "-" + i, "doubling", "doubling", "",
                            "doubler", "test", false);
                    SnapshotReadAhead snapshot = Connections.snapshotReadAhead(store);
                    assertTrue(RunTable.lockAndInsertRunning(c, start, Instant.now(), List.of(UserReadAhead.of("doubler").asReadAhead(), snapshot)));
                    snapshot.releaseUnlessTaken(c);
                    new JobLock(c, start).release();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%end_tid > $%'")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "the poll prepared once before the doubling and once after");
            }
        }
    }

    /**
     * A record written before runs had a liveness key is judged by its backend: the sweep marks it ABANDONED when its
     * backend is gone, or its pid a later backend has taken, and leaves it alone while its backend is still there.
     */
    @Test
    void the_sweep_abandons_the_keyless_runs_whose_backend_is_gone_and_only_those() throws Exception {
        try (Connection alive = store.dataSource().getConnection(); Connection c = store.dataSource().getConnection();
                Statement st = c.createStatement()) {
            RunTable.insertRunning(alive, new RunTable.Start("sweep-alive", "sweep", "sweep-alive", "", "nobody", "test", false),
                    Instant.now());
            RunTable.insertRunning(c, new RunTable.Start("sweep-gone", "sweep", "sweep-gone", "", "nobody", "test", false),
                    Instant.now());
            RunTable.insertRunning(c, new RunTable.Start("sweep-reused", "sweep", "sweep-reused", "", "nobody", "test", false),
                    Instant.now());
            st.executeUpdate("UPDATE ns_run SET run_key = NULL WHERE run_id LIKE 'sweep-%'");
            // a pid no backend has, and this backend's pid with another start: both as after the process died
            st.executeUpdate("UPDATE ns_run SET backend_pid = 2147483600 WHERE run_id = 'sweep-gone'");
            st.executeUpdate("UPDATE ns_run SET backend_start = backend_start - interval '1 hour' WHERE run_id = 'sweep-reused'");
            assertTrue(RunTable.markAbandoned(c, Instant.now()) >= 2, "other tests' records may be swept too");
            assertEquals(RunStatus.RUNNING, RunTable.find(c, "sweep-alive").status());
            assertEquals(RunStatus.ABANDONED, RunTable.find(c, "sweep-gone").status());
            assertEquals(RunStatus.ABANDONED, RunTable.find(c, "sweep-reused").status());
            RunTable.finish(alive, "sweep-alive", RunStatus.SUCCEEDED, 1, null, null, null, Instant.now());
            for (Connection pooled : List.of(alive, c)) {
                try (Statement unlock = pooled.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock_all()"); // the records' liveness locks
                }
            }
        }
    }

    /**
     * A run whose end could not be written leaves its record RUNNING and gives its connection back to the pool; the
     * next run that gets the same backend (here one that waited for the job's lock, so its record is inserted after
     * the lock) must not make that record look alive.
     */
    @Test
    void a_later_run_on_the_same_backend_does_not_keep_a_dead_runs_record_alive() throws Exception {
        try (Connection pooled = store.dataSource().getConnection(); Connection sweeper = store.dataSource().getConnection();
                Statement st = pooled.createStatement()) {
            RunTable.Start first = new RunTable.Start("reused-first", "reused", "reused", "", "nobody", "test", false);
            RunTable.Start second = new RunTable.Start("reused-second", "reused", "reused", "", "nobody", "test", false);
            assertTrue(RunTable.lockAndInsertRunning(pooled, first, Instant.now(), List.of()));
            st.execute("SELECT pg_advisory_unlock_all()"); // the first run gave its locks back, its record unended
            RunTable.insertRunning(pooled, second, Instant.now());
            RunTable.markAbandoned(sweeper, Instant.now());
            assertEquals(RunStatus.ABANDONED, RunTable.find(sweeper, "reused-first").status());
            assertEquals(RunStatus.RUNNING, RunTable.find(sweeper, "reused-second").status());
            st.execute("SELECT pg_advisory_unlock_all()");
            RunTable.finish(pooled, "reused-second", RunStatus.SUCCEEDED, 1, null, null, null, Instant.now());
        }
    }

    /** A Reader {@code user}, and a folder in the object cache: registrations then poll it for what changed. */
    private void readerAndCachedFolder(String user, String folder) {
        PrincipalDirectory.of(store).addUser(user, user);
        PrincipalDirectory.of(store).grant(user, Role.READER);
        try (Session s = store.openSession()) {
            s.create(s.root(), folder, Folder.titled("x"));
            s.commit(TxInfo.system("setup"));
        }
        try (Session s = store.openSession()) {
            s.get("/" + folder);
        }
    }
}
