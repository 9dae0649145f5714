package nightshift.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import nightshift.store.spi.CommitHook;

/**
 * A run's locks: PostgreSQL session-level advisory locks on the run's own connection, so they vanish with a dead
 * process. The job's overlap lock is keyed by the lock key ({@link LockKeys#job}); the run's liveness lock by a key
 * of the run's own ({@link LockKeys#newRun}), taken by the statement that records the run as RUNNING
 * ({@link RunTable}), which is how any client, whatever its database role, tells that the run is alive.
 */
public final class JobLock {
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?), pg_advisory_unlock(?)";

    private final Connection connection;
    private final long jobKey;
    private final long runKey;
    private volatile boolean released;

    public JobLock(Connection connection, RunTable.Start run) {
        this.connection = connection;
        this.jobKey = LockKeys.job(run.lockKey());
        this.runKey = run.runKey();
    }

    /** Waits for the job's lock, at most {@code limit} (null: without limit); false if it did not come in time. */
    public boolean acquire(Duration limit) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = " + (limit == null ? 0 : Math.max(1, limit.toMillis())));
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, jobKey);
            ps.execute();
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("SET lock_timeout = 0");
            }
        }
    }

    /**
     * The release as a statement sent right after a commit, in its round trip ({@link CommitHook#afterCommit}): the
     * caller marks it done with {@link #releasedWithCommit} once the commit returned. A round trip less for every run.
     */
    public CommitHook.Statement releaseAfterCommit() {
        return CommitHook.Statement.of(UNLOCK, jobKey, runKey);
    }

    public void releasedWithCommit() {
        released = true;
    }

    /** Releases both locks, unless a commit already did. */
    public void release() throws SQLException {
        if (released) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(UNLOCK)) {
            ps.setLong(1, jobKey);
            ps.setLong(2, runKey);
            ps.execute();
        }
    }
}
