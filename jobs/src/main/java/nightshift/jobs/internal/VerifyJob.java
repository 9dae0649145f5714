package nightshift.jobs.internal;

import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.jobs.StoreProblemsException;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.CatalogBatch;
import nightshift.store.catalog.Verifier;
import picocli.CommandLine.Option;

/**
 * Checks the store (see {@link Verifier}) and fails with exit 65 when it found problems, each logged as a warning.
 * Reads with a store session of its own, as reindex does. The catalog repair is derived data: it commits in its
 * own transaction before the run reports what remains, so a store with one unreadable node still gets its catalog
 * put right.
 */
@JobInfo(name = "verify", summary = "check states (old versions too), types, tree and catalog; exit 65 if anything is wrong; Manager or system")
public final class VerifyJob implements Job {
    /** Problems logged one by one; beyond this, only counted. */
    static final int MAX_LOGGED = 1_000;

    @Option(names = "--path", defaultValue = "/", description = "the subtree to check (default: ${DEFAULT-VALUE}, the whole store)")
    String path;

    @Option(names = "--current-only", description = "decode the current version of each node only, not the old versions")
    boolean currentOnly;

    @Option(names = "--repair-catalog", description = "index missing and stale catalog rows again, remove rows of nodes that are gone")
    boolean repairCatalog;

    @Override
    public void run(JobContext ctx) {
        Admin.require(ctx);
        Catalog catalog = RunContext.of(ctx).storeCatalog();
        Progress progress = ctx.progress(0);
        long[] logged = {0};
        String[] first = {null};
        Verifier.Report report;
        try (Session reader = catalog.store().openSession(); CatalogBatch repair = repairCatalog ? catalog.openBatch() : null) {
            report = Verifier.run(catalog, reader, path, !currentOnly, repair, new Verifier.Listener() {
                @Override
                public void problem(Verifier.Problem problem) {
                    if (first[0] == null) {
                        first[0] = problem.line();
                    }
                    if (logged[0]++ < MAX_LOGGED) {
                        ctx.log().warn(problem.line());
                    }
                }

                @Override
                public void checked(Node node) {
                    progress.step();
                }
            });
            if (repair != null && report.repaired() > 0 && !ctx.dryRun()) {
                repair.forRun(ctx.runId());
                reader.commit(TxInfo.system("verify --repair-catalog, run " + ctx.runId()), repair.commitHook());
            }
        }
        String summary = report.summary() + (repairCatalog && ctx.dryRun() && report.repaired() > 0 ? " (dry run: nothing repaired)" : "");
        if (logged[0] > MAX_LOGGED) {
            summary += " (" + MAX_LOGGED + " logged)";
        }
        ctx.note(summary);
        long remaining = ctx.dryRun() ? report.problems() : report.remaining();
        if (remaining > 0) {
            throw new StoreProblemsException(summary + "; the first: " + first[0] + " (each problem is logged as a warning)");
        }
        ctx.log().info(summary);
    }
}
