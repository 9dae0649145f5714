package nightshift.jobs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.UnreadableStateException;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.ReindexReport;
import nightshift.store.catalog.Reindexer;
import picocli.CommandLine.Option;

/**
 * Rebuilds the catalog rows of a subtree from the objects, or brings them up to date from the transactions since its
 * last reindex. Reads every node (with a store session of its own: the catalog serves every user, searches filter
 * by View), stages the rows in bounded memory, and applies them in the run's commit: a search sees the catalog from
 * before the run or from after it.
 */
@JobInfo(name = "reindex", summary = "rebuild the catalog of a subtree, or update it incrementally from the transactions since")
public final class ReindexJob implements Job {
    @Option(names = "--path", defaultValue = "/", description = "the subtree to reindex (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--incremental", description = "only the nodes written since the subtree's last reindex")
    boolean incremental;

    @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "only nodes of these types (simple or full class names)")
    List<String> types = new ArrayList<>();

    @Option(names = "--strict", description = "fail on a node whose state cannot be decoded, instead of skipping it")
    boolean strict;

    @Override
    public void run(JobContext ctx) {
        Catalog catalog = RunContext.of(ctx).storeCatalog();
        Progress progress = ctx.progress(0);
        ReindexReport report;
        try (Session reader = catalog.store().openSession()) {
            report = Reindexer.run(catalog, reader, ctx.catalog().batch(),
                    new Reindexer.Options(path, incremental, Set.copyOf(types), strict), new Reindexer.Listener() {
                        @Override
                        public void indexed(Node node) {
                            progress.step();
                        }

                        @Override
                        public void unreadable(String nodePath, UnreadableStateException e) {
                            ctx.log().warn("skipped {}: {}", nodePath, e.getMessage());
                        }
                    });
        }
        String summary = report.summary();
        if (!report.unreadablePaths().isEmpty()) {
            summary += " (" + String.join(", ", report.unreadablePaths()) + ")";
        }
        ctx.note(summary);
        ctx.log().info(summary);
    }
}
