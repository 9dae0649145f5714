package nightshift.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import nightshift.store.CommitHook;

/**
 * A job's overlap lock: a PostgreSQL session-level advisory lock on the run's own connection, keyed by the lock key,
 * so it vanishes with a dead process. The key is hashed into the second half of a two-int advisory key; the first
 * half keeps it apart from the store's own locks.
 */
public final class JobLock {
    static final int LOCK_CLASS = 0x6e6a; // "nj"

    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(?))";

    private final Connection connection;
    private final String key;
    private volatile boolean released;

    public JobLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** Waits for the lock, at most {@code limit} (null: without limit); false if it did not come in time. */
    public boolean acquire(Duration limit) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = " + (limit == null ? 0 : Math.max(1, limit.toMillis())));
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, key);
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
        return CommitHook.Statement.of(UNLOCK, LOCK_CLASS, key);
    }

    public void releasedWithCommit() {
        released = true;
    }

    /** Releases the lock, unless a commit already did. */
    public void release() throws SQLException {
        if (released) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(UNLOCK)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, key);
            ps.execute();
        }
    }
}
