package nightshift.jobs;

/**
 * A unit of maintenance work, run by the {@link JobRunner} as one transaction: everything it stages through
 * {@link JobContext#session()} is committed together when {@code run} returns, or nothing is. Declare parameters as
 * picocli {@code @Option} / {@code @Parameters} fields and name the job with {@link JobInfo}; list the class in
 * {@code META-INF/services/nightshift.jobs.Job} to find it by name. Needs a public no-argument constructor: a
 * fresh instance is made for every attempt, so a retried job starts clean.
 *
 * <p>The runner commits when {@code run} returns; the session's {@code commit}, {@code abort} and {@code close}
 * throw {@link IllegalStateException}. Throwing anything, an {@link Error} included, fails the run (a
 * {@code ConflictException} makes it retry).
 */
@FunctionalInterface
public interface Job {
    void run(JobContext ctx) throws Exception;
}
