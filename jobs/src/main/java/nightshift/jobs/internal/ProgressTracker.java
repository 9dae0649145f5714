package nightshift.jobs.internal;

import java.util.concurrent.atomic.AtomicLong;
import nightshift.jobs.Progress;

/** A job's progress counter: written by the job's thread, sampled by the runner's. */
public final class ProgressTracker implements Progress {
    private final AtomicLong done = new AtomicLong();
    private volatile long total;

    public ProgressTracker(long total) {
        this.total = Math.max(0, total);
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
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
