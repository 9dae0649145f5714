package nightshift.jobs.testjobs;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/** Stages a document, then works for MILLIS in steps, reporting progress (a test job for locks, timeouts, kills). */
@JobInfo(name = "sleep", summary = "stage a write, then take a while (test job)")
public class SleepJob implements Job {
    @Option(names = "--millis", defaultValue = "1000")
    long millis;

    @Option(names = "--name", defaultValue = "slept")
    String name;

    @Override
    public void run(JobContext ctx) throws InterruptedException {
        ctx.session().create(ctx.session().get("/site"), name + "-" + ctx.runId(), Document.of("slept", ""));
        long steps = Math.max(1, millis / 10);
        Progress progress = ctx.progress(steps);
        for (long i = 0; i < steps; i++) {
            Thread.sleep(10); // the job's work: it runs for as long as it was asked to
            progress.step();
        }
    }
}
