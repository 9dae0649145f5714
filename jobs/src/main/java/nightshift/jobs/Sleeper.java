package nightshift.jobs;

import java.time.Duration;

/** Waits between attempts; injected so tests of retries need not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
