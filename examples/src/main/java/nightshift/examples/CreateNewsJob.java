package nightshift.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import picocli.CommandLine.Option;

/**
 * Creates a batch folder under {@code --folder} holding {@code --count} news documents: the job
 * {@code nightshift demo} runs, and a small example of a job with options, progress and a note.
 */
@JobInfo(name = "create-news", summary = "create a batch folder of news documents (the demo's job)")
public class CreateNewsJob implements Job {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    @Option(names = "--folder", paramLabel = "PATH", defaultValue = "/demo",
            description = "the folder the batch goes into (default: ${DEFAULT-VALUE})")
    String folder;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100",
            description = "documents in the batch (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", paramLabel = "NAME",
            description = "the batch folder's name (default: batch-<UTC time>)")
    String batch;

    @Override
    public void run(JobContext ctx) {
        if (count < 0) {
            throw new IllegalArgumentException("--count must not be negative, was " + count);
        }
        String name = batch != null ? batch : "batch-" + STAMP.format(Instant.now());
        SecureSession s = ctx.session();
        Node batchFolder = s.create(s.get(folder), name, Folder.titled("News batch " + name));
        Progress progress = ctx.progress(count);
        for (int i = 1; i <= count; i++) {
            Document news = Document.of("News item " + i, "Item " + i + " of " + count + ", written by run " + ctx.runId()
                    + " as " + ctx.user() + ".").withTags(List.of("news", "demo"));
            s.create(batchFolder, String.format("news-%04d", i), news);
            progress.step();
        }
        ctx.note("created " + count + " documents in " + batchFolder.path());
    }
}
