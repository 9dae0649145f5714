package nightshift.jobs.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The advisory lock keys of a run, in PostgreSQL's single-bigint form: the job's lock, keyed by a 62-bit hash of its
 * lock key (the first bytes of its SHA-256), and the run's liveness lock, keyed by 62 random bits drawn for each run.
 * The top two bits tell them apart (10: a job, 11: a run), and make both negative, so neither can be the key of
 * nightshift's other advisory locks: the snapshot registry and the scheduler's sync take positive single-bigint keys,
 * and the commit lock and the catalog's staging tables the two-int form, which PostgreSQL keeps apart from this one.
 */
public final class LockKeys {
    static final long JOB = 0x8000_0000_0000_0000L;
    static final long RUN = 0xC000_0000_0000_0000L;
    private static final long BITS = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LockKeys() {
    }

    /** The job lock's key for {@code lockKey}: the same in every process and version. */
    public static long job(String lockKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lockKey.getBytes(StandardCharsets.UTF_8));
            return JOB | (ByteBuffer.wrap(digest).getLong() & BITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }

    /** A new run's liveness key. */
    public static long newRun() {
        return RUN | (RANDOM.nextLong() & BITS);
    }
}
