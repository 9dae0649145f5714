package nightshift.jobs.testjobs;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.Node;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/** Creates a document and indexes it in the run's own transaction; {@code --fail} throws afterwards (a test job). */
@JobInfo(name = "indexed-create", summary = "create a document and index it in the same transaction (test job)")
public class IndexedCreateJob implements Job {
    @Option(names = "--in", defaultValue = "/site")
    String in;

    @Option(names = "--name")
    String name;

    @Option(names = "--body")
    String body;

    @Option(names = "--fail")
    boolean fail;

    @Override
    public void run(JobContext ctx) {
        Node doc = ctx.session().create(ctx.session().get(in), name, Document.of(name, body));
        ctx.catalog().batch().index(doc);
        if (fail) {
            throw new IllegalStateException("failing after indexing, as asked");
        }
    }
}
