package nightshift.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run to make: which job (a factory, called for each attempt), as which user, and how. Immutable: {@link #of}
 * for the defaults, {@link #builder} for others, {@link #toBuilder} for a changed copy.
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
        return builder(jobName, job, user).build();
    }

    public static RunRequest of(JobDescriptor job, String user) {
        return builder(job, user).build();
    }

    /** A request to build, starting from the defaults of {@link #of}. */
    public static Builder builder(String jobName, Supplier<? extends Job> job, String user) {
        return new Builder(jobName, job, user);
    }

    public static Builder builder(JobDescriptor job, String user) {
        return builder(job.name(), job::newInstance, user);
    }

    /** A builder holding this request's settings, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(jobName, job, user).parameters(parameters).dryRun(dryRun).retries(retries).timeout(timeout)
                .ifRunning(ifRunning).lockKey(lockKey).startedBy(startedBy).runId(runId);
    }

    /** The settings of a request; {@link #build()} checks them. */
    public static final class Builder {
        private final String jobName;
        private final Supplier<? extends Job> job;
        private final String user;
        private String parameters = "";
        private boolean dryRun;
        private int retries = DEFAULT_RETRIES;
        private Duration timeout;
        private IfRunning ifRunning = IfRunning.SKIP;
        private String lockKey;
        private String startedBy = "api";
        private String runId;

        private Builder(String jobName, Supplier<? extends Job> job, String user) {
            this.jobName = jobName;
            this.job = job;
            this.user = user;
        }

        /** The job's arguments as the run record shows them. */
        public Builder parameters(String text) {
            this.parameters = text;
            return this;
        }

        /** Runs the job and rolls its writes back instead of committing them. */
        public Builder dryRun(boolean dry) {
            this.dryRun = dry;
            return this;
        }

        /** Attempts in all (at least 1): a run that meets a conflict is tried again in a new session. */
        public Builder retries(int attempts) {
            this.retries = attempts;
            return this;
        }

        /** How long the run may take before it is stopped and rolled back; null for no limit. */
        public Builder timeout(Duration limit) {
            this.timeout = limit;
            return this;
        }

        /** What to do when a run with the same lock key is already running. */
        public Builder ifRunning(IfRunning policy) {
            this.ifRunning = policy;
            return this;
        }

        /** The key of the run's lock (the job's name when null or blank). */
        public Builder lockKey(String key) {
            this.lockKey = key;
            return this;
        }

        /** Who or what started the run, as its record shows it ({@code api} unless told). */
        public Builder startedBy(String by) {
            this.startedBy = by;
            return this;
        }

        /**
         * A run id chosen by the caller instead of a generated one (null: generated). The scheduler derives it from
         * the firing, so that a recovered firing finds the record of its earlier run. It must be unique in the run
         * records.
         */
        public Builder runId(String id) {
            this.runId = id;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(jobName, job, user, parameters, dryRun, retries, timeout, ifRunning, lockKey, startedBy, runId);
        }
    }
}
