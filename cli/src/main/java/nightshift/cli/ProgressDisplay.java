package nightshift.cli;

import java.io.PrintWriter;
import java.time.Duration;
import nightshift.jobs.JobRunner;
import nightshift.jobs.ProgressListener;

/**
 * Progress of a long job: a bar redrawn in place on a terminal, a log line at most every 10 seconds elsewhere. The
 * run record's progress is sampled at {@link #interval} wherever the job runs, so `history` shows it within seconds.
 */
final class ProgressDisplay {
    private static final int WIDTH = 30;
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private ProgressDisplay() {
    }

    static boolean terminal() {
        return System.console() != null;
    }

    static Duration interval(boolean quiet) {
        return quiet || !terminal() ? JobRunner.DEFAULT_PROGRESS_INTERVAL : Duration.ofSeconds(1);
    }

    static ProgressListener create(boolean quiet, PrintWriter err) {
        if (quiet) {
            return ProgressListener.NONE;
        }
        if (terminal()) {
            return (runId, job, done, total, rate) -> {
                err.print("\r" + line(job, done, total, rate));
                err.flush();
            };
        }
        long[] lastLine = {System.nanoTime()};
        return (runId, job, done, total, rate) -> {
            long now = System.nanoTime();
            if (done > 0 && now - lastLine[0] >= LOG_EVERY_NANOS) {
                lastLine[0] = now;
                err.println(java.time.LocalTime.now().withNano(0) + " " + line(job, done, total, rate));
                err.flush();
            }
        };
    }

    static String line(String job, long done, long total, double rate) {
        if (total <= 0) {
            return String.format("%s: %,d done, %,.0f/s", job, done, rate);
        }
        int filled = (int) Math.min(WIDTH, WIDTH * done / total);
        String eta = rate > 0 ? Durations.format(Duration.ofMillis((long) ((total - done) / rate * 1000))) : "?";
        return String.format("%s [%s%s] %,d/%,d %3d%% %,.0f/s eta %s", job, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, 100 * done / total, rate, eta);
    }
}
