package nightshift.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LockKeysTest {
    /** The snapshot registry's keys: 0x6e74 << 40 plus a tid below 2^40. */
    private static boolean aSnapshotKey(long key) {
        return key >>> 40 == 0x6e74;
    }

    @Test
    void a_job_key_depends_on_the_lock_key_alone_and_stays_in_the_job_space() {
        assertEquals(LockKeys.job("nightly-export"), LockKeys.job("nightly-export"));
        assertNotEquals(LockKeys.job("nightly-export"), LockKeys.job("nightly-exporT"));
        for (String key : new String[] {"", "reindex", "site-1", "site-2", "日本語", "x".repeat(10_000)}) {
            long job = LockKeys.job(key);
            assertEquals(0b10, job >>> 62, key);
            assertTrue(job < 0 && !aSnapshotKey(job), key);
        }
    }

    @Test
    void run_keys_are_drawn_anew_for_every_run_in_a_space_of_their_own() {
        long previous = 0;
        for (int i = 0; i < 1000; i++) {
            long run = LockKeys.newRun();
            assertEquals(0b11, run >>> 62);
            assertTrue(run < 0 && !aSnapshotKey(run));
            assertNotEquals(previous, run);
            previous = run;
        }
    }
}
