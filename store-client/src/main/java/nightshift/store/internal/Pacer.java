package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a big job from slowing the store's other commits: while a job works, a probe commits a one-row transaction
 * every {@link #PROBE_INTERVAL}, and the job's batch loops ({@link #pause()}) wait whenever the last probe (or the
 * one still running) took longer than the fastest probe seen plus the budget.
 *
 * <p>Every commit on a server waits for the write-ahead log to reach the disk up to its own record, the job's records
 * written before it included: a job that writes faster than the disk takes them (a reindex, a pack, an export writing
 * files to the same disk) makes every small commit wait for its backlog, whatever locks it avoids. No lock can say
 * that; only a commit's own latency can, so the probe measures it, as the live site would feel it, and the job gives
 * the disk time to catch up. Between two probes a job still writes: how far a commit may be slowed is bounded by how
 * much a job writes between two pause points, which is why every bulk loop of the store calls {@link #pause()}.
 *
 * <p>A job that is never paused costs a volatile read per batch; a pacer that is not asked for ten seconds stops
 * probing, and starts again at the next {@link #pause()}.
 */
public final class Pacer implements AutoCloseable {
    /**
     * Set on every connection of a paced store: the pages a connection writes out go to the disk every 256 kB,
     * instead of piling up in the kernel's cache (gigabytes on a big machine) until it writes them all at once and
     * a commit's flush of the log waits behind them. A session setting, so a job needs nothing of the server's
     * configuration to be a quiet neighbour.
     */
    static final String CONNECTION_OPTIONS = "-c backend_flush_after=256kB";
    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    /** How long a job waits at one pause point at most, so a site slow for reasons of its own cannot stop it. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /**
     * A one-row write (migration V12), so that its commit waits for the log to be on disk and for any synchronous
     * standby, as a small commit does: a transaction that writes no row commits without waiting for either.
     */
    private static final String PROBE = "INSERT INTO ns_pace_probe (backend, probed_at) VALUES (pg_backend_pid(), clock_timestamp())"
            + " ON CONFLICT (backend) DO UPDATE SET probed_at = EXCLUDED.probed_at";
    private static final ThreadLocal<long[]> PAUSED = ThreadLocal.withInitial(() -> new long[1]);

    private final DataSource dataSource;
    private final long budgetNanos;
    private final Object lock = new Object();
    private volatile Thread prober;
    private boolean closed;
    private volatile long lastAskedNanos;
    private volatile long lastLatencyNanos;
    /** When the running probe started, 0 when none runs. */
    private volatile long probeStartedNanos;
    private volatile long fastestNanos = Long.MAX_VALUE;
    private volatile boolean warned;
    /** When the probe last failed: it is not started again for a minute, however often a job asks. */
    private volatile long failedAtNanos = System.nanoTime() - RETRY_NANOS - 1;

    /** A pacer that keeps the probe's commits within {@code budget} of the fastest; null: never pauses. */
    Pacer(DataSource dataSource, Duration budget) {
        this.dataSource = dataSource;
        this.budgetNanos = budget == null ? -1 : budget.toNanos();
    }

    /**
     * Waits while the store's commits are slower than the budget allows (at most {@link #MAX_PAUSE}). Called by
     * bulk loops between batches, with no lock held that a small commit could need.
     */
    public void pause() {
        if (budgetNanos < 0) {
            return;
        }
        long now = System.nanoTime();
        lastAskedNanos = now;
        if (prober == null) {
            ensureProbing();
        }
        if (!slowed(now)) {
            return;
        }
        long start = now;
        long deadline = start + MAX_PAUSE.toNanos();
        try {
            while (slowed(now) && now < deadline) {
                Thread.sleep(5);
                now = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PAUSED.get()[0] += System.nanoTime() - start;
            lastAskedNanos = System.nanoTime();
        }
    }

    /** How long this thread has waited in {@link #pause()} so far, in all pacers: a run reports the difference. */
    public static long pausedNanosOnThisThread() {
        return PAUSED.get()[0];
    }

    private boolean slowed(long now) {
        long fastest = fastestNanos;
        long allowed = (fastest == Long.MAX_VALUE ? 0 : fastest) + budgetNanos; // a first probe that hangs counts too
        long started = probeStartedNanos;
        return lastLatencyNanos > allowed || (started != 0 && now - started > allowed);
    }

    private void ensureProbing() {
        synchronized (lock) {
            if (prober == null && !closed && System.nanoTime() - failedAtNanos > RETRY_NANOS) {
                prober = new Thread(this::probe, "nightshift-pacer");
                prober.setDaemon(true);
                prober.start();
            }
        }
    }

    private void probe() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            while (System.nanoTime() - lastAskedNanos < IDLE_NANOS && !isClosed()) {
                long start = System.nanoTime();
                probeStartedNanos = start;
                st.execute(PROBE);
                long took = System.nanoTime() - start;
                probeStartedNanos = 0;
                lastLatencyNanos = took;
                if (took < fastestNanos) {
                    fastestNanos = took;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, PROBE_INTERVAL.toNanos() - took));
            }
        } catch (SQLException e) {
            // Without a probe the job cannot tell; it goes on unpaced rather than fail for the probe's sake.
            failedAtNanos = System.nanoTime();
            if (!warned) {
                warned = true;
                LOG.warn("jobs of this store go unpaced: the probe of the store's commits failed ({}); a role that"
                        + " owns nothing needs `nightshift init --grant-to ROLE` again after an upgrade", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probeStartedNanos = 0;
            lastLatencyNanos = 0;
            synchronized (lock) {
                prober = null;
            }
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = prober;
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
