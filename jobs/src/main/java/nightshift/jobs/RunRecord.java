package nightshift.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** One row of the run history, as {@code nightshift history} shows it. */
public record RunRecord(String runId, String jobName, String lockKey, String parameters, String storeUser,
        String osUser, String host, long pid, String startedBy, boolean dryRun, RunStatus status, Instant startedAt,
        Instant finishedAt, int attempts, OptionalLong tid, long created, long modified, long deleted,
        long progressDone, long progressTotal, Instant progressAt, String error, String stack) {

    public Optional<Duration> elapsed() {
        return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }

    /** Units per second so far, from the last progress written. */
    public double rate() {
        if (progressAt == null || progressDone <= 0) {
            return 0;
        }
        double seconds = Math.max(0.001, Duration.between(startedAt, progressAt).toMillis() / 1000.0);
        return progressDone / seconds;
    }

    /** The estimated time left of a running job with a known total. */
    public Optional<Duration> eta() {
        double rate = rate();
        if (status != RunStatus.RUNNING || progressTotal <= 0 || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((progressTotal - progressDone) / rate * 1000)));
    }
}
