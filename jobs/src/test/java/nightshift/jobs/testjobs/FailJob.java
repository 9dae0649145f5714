package nightshift.jobs.testjobs;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.content.Document;

/** Creates a document, then fails (a test job): nothing may be committed. */
@JobInfo(name = "fail", summary = "stage a write, then throw (test job)")
public class FailJob implements Job {
    @Override
    public void run(JobContext ctx) {
        ctx.session().create(ctx.session().get("/site"), "from-a-failed-job", Document.of("never", ""));
        throw new IllegalStateException("the job broke on purpose");
    }
}
