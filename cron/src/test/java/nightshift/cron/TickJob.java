package nightshift.cron;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.store.content.Document;

/**
 * A test job that applies one firing: creates {@code /ticks/<entry@scheduled time>} (the firing's key, the same
 * for every attempt of it), after working for {@code millis}. Applied twice, the second create fails.
 */
public final class TickJob implements Job {
    private final String key;
    private final long millis;

    public TickJob(String key, long millis) {
        this.key = key;
        this.millis = millis;
    }

    @Override
    public void run(JobContext ctx) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis); // the job's work: a firing that is still running when the test acts on it
        }
        ctx.session().create(ctx.session().get("/ticks"), key, Document.of(key, ctx.runId()));
    }
}
