package nightshift.store.spi;

import java.time.Duration;
import nightshift.store.Store;
import nightshift.store.internal.Pacer;
import nightshift.store.internal.StoreAccess;

/**
 * The store's pacing ({@link nightshift.store.StoreConfig.Builder#pace}), for a bulk loop of one's own: call
 * {@link #pause} between two batches, holding no lock another writer could need. A job that reports its progress
 * is paced at each step already.
 */
public final class Pacing {
    private Pacing() {
    }

    /** Waits while the store's small commits are slowed beyond its pacing budget (a few seconds at most). */
    public static void pause(Store store) {
        StoreAccess.runtime(store).pacer().pause();
    }

    /** How long this thread has waited to keep pace, in all stores, since it started: a run reports the difference. */
    public static Duration pausedOnThisThread() {
        return Duration.ofNanos(Pacer.pausedNanosOnThisThread());
    }
}
