package nightshift.store.spi;

import java.sql.Connection;
import nightshift.store.Store;
import nightshift.store.internal.ConnectionWarmUp;
import nightshift.store.internal.StoreAccess;

/**
 * For a caller that works on the store's database connections itself (a job runner, a process that starts often):
 * a store that uses a connection the caller holds, a snapshot registered ahead with the caller's own statements, and
 * the connection's start-up work done early. Content is still read and written through the store's sessions.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * {@code store} as seen from a unit of work that already holds one of its connections (a job run holds its lock on
     * one): sessions and reads through the view use {@code connection} while no one else borrowed it from the view,
     * and the store's pool otherwise, so one run needs one connection, not two. The view shares the store's cache;
     * closing it closes nothing, and the caller keeps and closes {@code connection}. Use it from one thread at a time.
     */
    public static Store onConnection(Store store, Connection connection) {
        return StoreAccess.store(StoreAccess.runtime(store).onConnection(connection));
    }

    /**
     * {@link #onConnection(Store, Connection)} whose next session, if it gets {@code connection}, starts at the
     * snapshot {@code ahead} registered there (read ahead by the caller) instead of registering one.
     */
    public static Store onConnection(Store store, Connection connection, SnapshotReadAhead ahead) {
        return StoreAccess.store(StoreAccess.runtime(store).onConnection(connection, ahead.internal()));
    }

    /** A registration of the store's newest snapshot, for a caller to send ahead with its own statements. */
    public static SnapshotReadAhead snapshotReadAhead(Store store) {
        return new SnapshotReadAhead(StoreAccess.runtime(store).snapshotAhead());
    }

    /**
     * Does now, on the calling thread, the part of opening a store's first connection that does not depend on the
     * store: loading the JDBC driver, the JDK's security providers (for the password's SCRAM exchange) and its locale
     * data. A short-lived process calls it on a second thread while its main thread parses the command line, and
     * {@link Store#open} then finds that work done. Never fails; calling it again costs nothing.
     */
    public static void warmUp() {
        ConnectionWarmUp.run();
    }
}
