package nightshift.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run to make: which job (a factory, called for each attempt), as which user, and how. Immutable; the
 * {@code with...} methods return changed copies.
 */
public record RunRequest(String jobName, Supplier<? extends Job> job, String user, String parameters, boolean dryRun,
        int retries, Duration timeout, IfRunning ifRunning, String lockKey, String startedBy) {
    public static final int DEFAULT_RETRIES = 3;

    public RunRequest {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(user, "user");
        parameters = parameters == null ? "" : parameters;
        if (retries < 1) {
            throw new IllegalArgumentException("retries is the number of attempts, at least 1; was " + retries);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive; was " + timeout);
        }
        ifRunning = ifRunning == null ? IfRunning.SKIP : ifRunning;
        lockKey = lockKey == null || lockKey.isBlank() ? jobName : lockKey;
        startedBy = startedBy == null ? "api" : startedBy;
    }

    /** A request with the defaults: 3 attempts, no timeout, skip when running, locked by job name. */
    public static RunRequest of(String jobName, Supplier<? extends Job> job, String user) {
        return new RunRequest(jobName, job, user, "", false, DEFAULT_RETRIES, null, IfRunning.SKIP, null, "api");
    }

    public static RunRequest of(JobDescriptor job, String user) {
        return of(job.name(), job::newInstance, user);
    }

    public RunRequest withDryRun(boolean dry) {
        return new RunRequest(jobName, job, user, parameters, dry, retries, timeout, ifRunning, lockKey, startedBy);
    }

    public RunRequest withRetries(int attempts) {
        return new RunRequest(jobName, job, user, parameters, dryRun, attempts, timeout, ifRunning, lockKey, startedBy);
    }

    public RunRequest withTimeout(Duration limit) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, limit, ifRunning, lockKey, startedBy);
    }

    public RunRequest withIfRunning(IfRunning policy) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, policy, lockKey, startedBy);
    }

    public RunRequest withLockKey(String key) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, key, startedBy);
    }

    public RunRequest withParameters(String text) {
        return new RunRequest(jobName, job, user, text, dryRun, retries, timeout, ifRunning, lockKey, startedBy);
    }

    public RunRequest withStartedBy(String by) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, lockKey, by);
    }
}
