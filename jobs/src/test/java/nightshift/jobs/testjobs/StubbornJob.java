package nightshift.jobs.testjobs;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/** Stages a document, then works for MILLIS without ever looking at interrupts (a test job for timeouts' grace). */
@JobInfo(name = "stubborn", summary = "stage a write, then ignore interrupts for a while (test job)")
public class StubbornJob implements Job {
    @Option(names = "--millis", defaultValue = "1000")
    long millis;

    @Override
    public void run(JobContext ctx) {
        ctx.session().create(ctx.session().get("/site"), "stubborn-" + ctx.runId(), Document.of("stubborn", ""));
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
