package nightshift.cli.readme;

// tag::job[]
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import picocli.CommandLine.Option;

@JobInfo(name = "archive-news", summary = "move news older than N days into a yearly folder")
public class ArchiveNews implements Job {
    @Option(names = "--days", defaultValue = "365", description = "age in days") int days;

    public void run(JobContext ctx) {
        SecureSession s = ctx.session();                  // acts as the run's user: every call is checked
        Node news = s.get("/site/news");
        Progress progress = ctx.progress(0);
        s.children(news).forEach(n -> { /* ... s.move(n, archive, n.name()) ... */ progress.step(); });
        ctx.note("archived " + progress.done());          // recorded with the transaction
    }
}
// end::job[]
