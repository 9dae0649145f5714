package nightshift.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run to make: which job (a factory, called for each attempt), as which user, and how. Immutable; the
 * {@code with...} methods return changed copies.
 */
public record RunRequest(String jobName, Supplier<? extends Job> job, String user, String parameters, boolean dryRun,
        int retries, Duration timeout, IfRunning ifRunning, String lockKey, String startedBy, String runId) {
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
        if (runId != null && (runId.isBlank() || runId.length() > 200)) {
            throw new IllegalArgumentException("a run id must be 1 to 200 characters; was '" + runId + "'");
        }
    }

    /** A request with the defaults: 3 attempts, no timeout, skip when running, locked by job name, a generated run id. */
    public static RunRequest of(String jobName, Supplier<? extends Job> job, String user) {
        return new RunRequest(jobName, job, user, "", false, DEFAULT_RETRIES, null, IfRunning.SKIP, null, "api", null);
    }

    public static RunRequest of(JobDescriptor job, String user) {
        return of(job.name(), job::newInstance, user);
    }

    public RunRequest withDryRun(boolean dry) {
        return new RunRequest(jobName, job, user, parameters, dry, retries, timeout, ifRunning, lockKey, startedBy, runId);
    }

    public RunRequest withRetries(int attempts) {
        return new RunRequest(jobName, job, user, parameters, dryRun, attempts, timeout, ifRunning, lockKey, startedBy, runId);
    }

    public RunRequest withTimeout(Duration limit) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, limit, ifRunning, lockKey, startedBy, runId);
    }

    public RunRequest withIfRunning(IfRunning policy) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, policy, lockKey, startedBy, runId);
    }

    public RunRequest withLockKey(String key) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, key, startedBy, runId);
    }

    public RunRequest withParameters(String text) {
        return new RunRequest(jobName, job, user, text, dryRun, retries, timeout, ifRunning, lockKey, startedBy, runId);
    }

    /**
     * A run id chosen by the caller instead of a generated one (null: generated). The scheduler derives it from the
     * firing, so that a recovered firing finds the record of its earlier run. It must be unique in the run records.
     */
    public RunRequest withRunId(String id) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, lockKey, startedBy, id);
    }

    public RunRequest withStartedBy(String by) {
        return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, lockKey, by, runId);
    }
}
