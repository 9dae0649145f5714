package nightshift.jobs;

/** Told about a run's progress every few seconds (a terminal progress bar, a log line). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (runId, job, done, total, rate) -> { };

    void progress(String runId, String job, long done, long total, double ratePerSecond);
}
