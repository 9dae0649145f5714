package nightshift.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.internal.ProgressTracker;
import nightshift.jobs.internal.RunTable;
import nightshift.store.Store;
import nightshift.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the run's progress every interval, on a connection it borrows at its first sample and keeps. */
final class ProgressWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private final Store store;
    private final ProgressListener listener;
    private final Clock clock;
    private final RunTable.Start start;
    private final AtomicReference<ProgressTracker> progress;
    private final long startedNanos = System.nanoTime();
    private Connection connection;
    private boolean closed;

    ProgressWriter(Store store, ProgressListener listener, Clock clock, RunTable.Start start,
            AtomicReference<ProgressTracker> progress) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
        this.start = start;
        this.progress = progress;
    }

    @Override
    public synchronized void run() {
        if (closed) {
            return; // a sample that raced the run's end: it would borrow a connection no one gives back
        }
        ProgressTracker tracker = progress.get();
        try {
            if (connection == null) {
                connection = store.dataSource().getConnection();
            }
            RunTable.progress(connection, start.runId(), tracker.done(), tracker.total(), clock.instant());
            double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
            listener.progress(start.runId(), start.jobName(), tracker.done(), tracker.total(), tracker.done() / seconds);
        } catch (SQLException | StoreException e) {
            LOG.debug("could not write progress of {}", start.runId(), e);
        }
    }

    synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("could not give back the progress connection of {}", start.runId(), e);
            }
        }
    }
}
