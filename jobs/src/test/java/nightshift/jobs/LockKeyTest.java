package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class LockKeyTest {
    private final Store store;

    LockKeyTest(Store store) {
        this.store = store;
    }

    /** Two lock keys whose 32-bit {@code hashtext} is the same: a birthday search over 200,000 names finds a few. */
    private String[] collidingKeys() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(k), max(k) FROM (SELECT 'site-' || i AS k, hashtext('site-' || i) h"
                        + " FROM generate_series(1, 200000) i) keys GROUP BY h HAVING count(*) > 1 ORDER BY 1 LIMIT 1")) {
            assertTrue(rs.next(), "no two names of the search share a 32-bit hash");
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    @Test
    void lock_keys_whose_32_bit_hashes_collide_do_not_hold_each_other_off() throws Exception {
        PrincipalDirectory.of(store).addUser("keyed", "Keyed");
        PrincipalDirectory.of(store).grant("keyed", Role.READER);
        String[] keys = collidingKeys();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT hashtext('" + keys[0] + "') = hashtext('" + keys[1] + "')")) {
            rs.next();
            assertTrue(rs.getBoolean(1), keys[0] + " and " + keys[1]);
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Job holding = ctx -> {
            started.countDown();
            assertTrue(release.await(60, TimeUnit.SECONDS), "the test never let the job finish");
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> first = pool.submit(() -> JobRunner.create(store).build()
                    .run(RunRequest.builder("site-sync", () -> holding, "keyed").lockKey(keys[0]).build()));
            assertTrue(started.await(30, TimeUnit.SECONDS), "the first run never started");

            RunResult second = JobRunner.create(store).build()
                    .run(RunRequest.builder("site-sync", () -> ctx -> { }, "keyed").lockKey(keys[1]).build());
            assertEquals(RunStatus.SUCCEEDED, second.status(), "another lock key, so it may overlap: " + second.describe());

            RunResult same = JobRunner.create(store).build()
                    .run(RunRequest.builder("site-sync", () -> ctx -> { }, "keyed").lockKey(keys[0]).build());
            assertEquals(RunStatus.SKIPPED, same.status(), "the same lock key is still held: " + same.describe());

            release.countDown();
            assertEquals(RunStatus.SUCCEEDED, first.get(60, TimeUnit.SECONDS).status());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
