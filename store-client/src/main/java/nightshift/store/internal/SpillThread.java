package nightshift.store.internal;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The spill in flight of a session's staged writes, on a thread of its own, and the failure of one, kept: its rows
 * are gone from the heap, so the session can no longer commit (until it forgets every staged write). Only one spill
 * is in flight at a time; {@link #settle} waits for it, and must come before anything else is sent on the connection.
 */
final class SpillThread {
    /** Daemon threads, so a one-shot run's JVM does not wait for an idle one to time out. */
    private static final ExecutorService SPILLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nightshift-store:spill");
        t.setDaemon(true);
        return t;
    });
    private Future<?> sending;
    private SQLException spillFailure;

    /** Hands a spill to the thread; the one before must have {@link #settle settled}. */
    void submit(Callable<Void> spill) {
        sending = SPILLS.submit(spill);
    }

    /** Keeps a failure that lost staged writes: this call's caller and every later one fail with it. */
    void failed(SQLException e) {
        spillFailure = e;
    }

    /**
     * Waits until the spill in flight is done; not interruptible, as a statement on the connection is not (and the
     * connection is the spill's until then). A spill that failed fails this call and every later one until
     * {@link #forget}: its rows were dropped from the heap when it was handed over.
     */
    void settle() throws SQLException {
        Future<?> inFlight = sending;
        if (inFlight != null) {
            sending = null;
            try {
                awaitUninterruptibly(inFlight);
            } catch (ExecutionException e) {
                spillFailure = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
            }
        }
        if (spillFailure != null) {
            throw new SQLException("a spill of this session's staged writes failed, so they can no longer be"
                    + " committed; abort and stage them again: " + spillFailure.getMessage(),
                    spillFailure.getSQLState(), spillFailure);
        }
    }

    /** Waits for the spill in flight, and forgets its failure with the writes it lost. */
    void forget() {
        try {
            settle();
        } catch (SQLException e) {
            // forgotten with the writes it lost
        }
        spillFailure = null;
    }

    private static void awaitUninterruptibly(Future<?> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
