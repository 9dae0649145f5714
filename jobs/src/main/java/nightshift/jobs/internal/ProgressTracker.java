package nightshift.jobs.internal;

import java.util.concurrent.atomic.AtomicLong;
import nightshift.jobs.Progress;
import nightshift.store.Store;
import nightshift.store.spi.Pacing;

/**
 * A job's progress counter: written by the job's thread, sampled by the runner's. Each advance is also where the job
 * keeps pace with the store's other writers ({@link Pacing}): a job that reports its items is a job that works in bulk.
 */
public final class ProgressTracker implements Progress {
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private final Store store;

    /** @param store whose pacing the job keeps at each advance; null for none */
    public ProgressTracker(long total, Store store) {
        this.total = Math.max(0, total);
        this.store = store;
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
        if (store != null) {
            Pacing.pause(store);
        }
    }

    @Override
    public long done() {
        return done.get();
    }

    @Override
    public long total() {
        return total;
    }
}
