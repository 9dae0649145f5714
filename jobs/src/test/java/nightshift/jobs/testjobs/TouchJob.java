package nightshift.jobs.testjobs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import picocli.CommandLine.Option;

/**
 * Appends to a document's body (a test job). Tests can make something happen between the read and the write
 * ({@link #BETWEEN}), such as a concurrent commit to the same document, to force a conflict.
 */
@JobInfo(name = "touch", summary = "append to a document's body (test job)")
public class TouchJob implements Job {
    public static final AtomicReference<Runnable> BETWEEN = new AtomicReference<>(() -> { });

    /** Between read and write, another session commits a change to the same document: on the first attempt only, or on every one. */
    public static void interfere(Store store, String path, boolean everyAttempt) {
        AtomicInteger calls = new AtomicInteger();
        BETWEEN.set(() -> {
            if (everyAttempt || calls.getAndIncrement() == 0) {
                try (Session other = store.openSession()) {
                    Node n = other.get(path);
                    other.update(n.withObject(n.object(Document.class).withBody("concurrent").withTitle("concurrent " + System.nanoTime())));
                    other.commit(TxInfo.system("a concurrent writer"));
                }
            }
        });
    }

    /** No interference (call after each test). */
    public static void reset() {
        BETWEEN.set(() -> { });
    }

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
