package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import nightshift.store.StoreException;

/**
 * The snapshot a session reads at, and its registration: taken when the session begins (at the newest tid, or at an
 * older one for a read-only session), moved to the newest one at the first read after a commit or abort, released
 * when the session closes.
 */
final class SessionSnapshot {
    private final StoreRuntime runtime;
    private final Connection connection;
    private final long asOf;
    private SnapshotReader reader;
    // After a commit or abort the session reads at the newest snapshot, registered at its next read: a run closes
    // its session right after committing, and should not pay for a snapshot it never reads.
    private boolean renew;
    // Whether the reader's snapshot is still registered (a successful commit releases it in its own round trip).
    private boolean registered;

    /**
     * A session's snapshot, on the session's {@code connection}: the newest ({@code asOf} -1), or the older
     * snapshot {@code asOf}. A snapshot registered {@code ahead} on the backend of {@code plain} (the connection
     * underneath, or null for none) is taken instead of registering one.
     */
    SessionSnapshot(StoreRuntime runtime, Connection connection, Connection plain, long asOf, Snapshots.Ahead ahead)
            throws SQLException {
        this.runtime = runtime;
        this.connection = connection;
        this.asOf = asOf;
        long aheadTid = ahead == null ? -1 : ahead.take(plain);
        if (asOf >= 0) {
            beginInThePast();
        } else if (aheadTid >= 0) {
            registered = true;
            reader = new SnapshotReader(plain, runtime.cache(), aheadTid);
        } else {
            begin();
        }
    }

    private void begin() throws SQLException {
        renew = false;
        long tid = Snapshots.registerLatest(connection, reader == null || !registered ? -1 : reader.snapshot(), runtime.cache());
        registered = true;
        reader = new SnapshotReader(connection, runtime.cache(), tid);
    }

    private void beginInThePast() throws SQLException {
        long horizon;
        long last;
        connection.setAutoCommit(false);
        try {
            Snapshots.lockHorizon(connection, false);
            Snapshots.register(connection, asOf);
            horizon = Snapshots.packHorizon(connection);
            last = runtime.lastTid(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        if (asOf < horizon || asOf > last) {
            Snapshots.release(connection, asOf);
            throw new StoreException(asOf > last ? "there is no tid " + asOf + " yet: the newest is " + last
                    : "the store's history before tid " + horizon + " was packed; tid " + asOf + " can no longer be read");
        }
        registered = true;
        runtime.cache().poll(connection, last);
        reader = new SnapshotReader(connection, runtime.cache(), asOf);
    }

    /** The reader at the session's snapshot, moved to the newest one first if a commit or abort asked for that. */
    SnapshotReader reader() throws SQLException {
        if (renew) {
            begin();
        }
        return reader;
    }

    /** After a commit that wrote nothing, or an abort: a session at the newest snapshot moves to the next newest. */
    void renewUnlessInThePast() {
        renew = asOf < 0;
    }

    /** After a commit, which released the registration in its own round trip. */
    void renewAfterCommit() {
        renew = true;
        registered = false; // released with the commit
    }

    /** Releases the registration, if it is still held: the pool keeps the connection, so it would outlive the session. */
    void release() throws SQLException {
        if (registered) {
            Snapshots.release(connection, reader.snapshot());
        }
    }
}
