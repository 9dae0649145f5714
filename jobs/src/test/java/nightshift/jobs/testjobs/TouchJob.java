package nightshift.jobs.testjobs;

import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.Node;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/**
 * Appends to a document's body (a test job). Tests can make something happen between the read and the write
 * ({@link #BETWEEN}), such as a concurrent commit to the same document, to force a conflict.
 */
@JobInfo(name = "touch", summary = "append to a document's body (test job)")
public class TouchJob implements Job {
    public static final AtomicReference<Runnable> BETWEEN = new AtomicReference<>(() -> { });

    @Option(names = "--path", defaultValue = "/site/counter")
    String path;

    @Override
    public void run(JobContext ctx) {
        Node node = ctx.session().get(path);
        Document doc = node.object(Document.class);
        BETWEEN.get().run();
        ctx.session().update(node.withObject(doc.withBody(doc.body() + "+")));
    }
}
