package nightshift.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import nightshift.jobs.internal.JobLock;
import nightshift.security.UserReadAhead;
import nightshift.store.spi.SnapshotReadAhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's connection and the job's lock on it. The runner releases both when the run ends, unless it gave up
 * waiting for a timed-out job's worker: then the worker, still using the connection, releases them when it stops.
 */
final class RunConnection {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final int RUNNER = 0;
    private static final int LENT = 1;
    private static final int WORKING = 2;
    private static final int GAVE_UP = 3;
    final Connection connection;
    private final AtomicInteger state = new AtomicInteger(RUNNER);
    JobLock lock;
    UserReadAhead ahead;
    SnapshotReadAhead snapshot;

    RunConnection(Connection connection) {
        this.connection = connection;
    }

    void lend() {
        state.set(LENT);
    }

    /** The worker's first act: false if the runner took the connection back before it began. */
    boolean workerStarts() {
        return state.compareAndSet(LENT, WORKING);
    }

    /** The worker's last act: it gives the connection back, or releases it if the runner gave up on it. */
    void workerDone() {
        if (!state.compareAndSet(WORKING, RUNNER)) {
            release();
        }
    }

    boolean working() {
        return state.get() == WORKING;
    }

    /** True if the runner may use the connection; false if a worker still runs and will release it. */
    boolean runnerTakesBack() {
        if (state.compareAndSet(LENT, RUNNER) || state.get() == RUNNER) {
            return true;
        }
        return !state.compareAndSet(WORKING, GAVE_UP) && state.get() == RUNNER;
    }

    /** At the run's end: releases, unless a worker still runs (timed out, or the runner was interrupted). */
    void releaseUnlessWorkerHasIt() {
        if (state.get() != GAVE_UP && runnerTakesBack()) {
            release();
        }
    }

    private void release() {
        try {
            if (snapshot != null) {
                snapshot.releaseUnlessTaken(connection); // a run that never opened its session (skipped, refused)
            }
            if (lock != null) {
                lock.release();
            }
        } catch (SQLException e) {
            LOG.debug("could not release the job's lock or snapshot; its connection is broken, and its backend's end"
                    + " releases them", e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("could not give back the run's connection", e);
            }
        }
    }
}
