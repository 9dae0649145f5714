package nightshift.jobs.internal;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;

/** Opens a session as the user, reads the root, commits nothing: a health check for cron, and the runner's own cost. */
@JobInfo(name = "noop", summary = "open a session as the user and commit nothing (health check; measures the runner's own cost)")
public final class NoopJob implements Job {
    @Override
    public void run(JobContext ctx) {
        ctx.session().root();
    }
}
