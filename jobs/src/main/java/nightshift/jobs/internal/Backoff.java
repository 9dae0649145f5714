package nightshift.jobs.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential backoff: base × 2^(attempt-1), times a random factor in [0.5, 1.5), capped. */
public record Backoff(Duration base, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    public Duration after(int attempt) {
        double exp = base.toMillis() * Math.pow(2, Math.min(30, attempt - 1));
        double jittered = exp * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(max.toMillis(), jittered));
    }
}
