package nightshift.jobs.testjobs;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.store.Node;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/** Creates COUNT documents in FOLDER (a test job). */
@JobInfo(name = "create-docs", summary = "create documents in a folder (test job)")
public class CreateDocsJob implements Job {
    @Option(names = "--folder", defaultValue = "/site")
    String folder;

    @Option(names = "--count", defaultValue = "3")
    int count;

    @Option(names = "--prefix", defaultValue = "doc")
    String prefix;

    @Override
    public void run(JobContext ctx) {
        Node parent = ctx.session().get(folder);
        Progress progress = ctx.progress(count);
        for (int i = 0; i < count; i++) {
            ctx.session().create(parent, prefix + "-" + i, Document.of("Document " + i, "made by " + ctx.runId()));
            progress.step();
        }
        ctx.note("created " + count);
    }
}
