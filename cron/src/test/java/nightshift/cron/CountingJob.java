package nightshift.cron;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.content.Document;

/**
 * A test job whose effect can be counted: after working {@code millis}, it creates {@code /effects/<run id>} ('/'
 * written '#') and adds one to the number in the body of its entry's counter, {@code /counters/<entry>}. Every
 * attempt has a name of its own, so a firing applied twice leaves two effects instead of failing on a name clash;
 * two attempts of an entry at once conflict on the counter, and the later one retries.
 */
public final class CountingJob implements Job {
    private final String entry;
    private final long millis;

    public CountingJob(String entry, long millis) {
        this.entry = entry;
        this.millis = millis;
    }

    static String effectName(String runId) {
        return runId.replace('/', '#');
    }

    static String runIdOfEffect(String name) {
        return name.replace('#', '/');
    }

    @Override
    public void run(JobContext ctx) throws InterruptedException {
        Thread.sleep(millis); // the job's work: long enough for the test to stop or kill its node in the middle of it
        SecureSession s = ctx.session();
        s.create(s.get("/effects"), effectName(ctx.runId()), Document.of(ctx.runId(), ""));
        Node counter = s.get("/counters/" + entry);
        Document count = counter.object(Document.class);
        s.update(counter.withObject(count.withBody(String.valueOf(Long.parseLong(count.body()) + 1))));
    }
}
