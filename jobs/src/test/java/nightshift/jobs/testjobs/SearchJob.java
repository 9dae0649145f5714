package nightshift.jobs.testjobs;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import picocli.CommandLine.Option;

/** Searches the catalog as the run's user and keeps the hit paths in {@link #HITS} (a test job). */
@JobInfo(name = "search", summary = "search the catalog as the user (test job)")
public class SearchJob implements Job {
    public static final AtomicReference<List<String>> HITS = new AtomicReference<>(List.of());

    @Option(names = "--text")
    String text;

    @Option(names = "--path", defaultValue = "/")
    String path;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    public void run(JobContext ctx) {
        HITS.set(ctx.catalog().search(Query.builder().path(path).text(text).limit(limit).build())
                .hits().stream().map(Hit::path).toList());
    }
}
