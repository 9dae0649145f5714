package nightshift.jobs.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import nightshift.store.Node;
import nightshift.store.Reversal;
import nightshift.store.UndoRefusedException;
import nightshift.store.UnreadableStateException;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.CatalogBatch;
import nightshift.store.catalog.CatalogLog;
import nightshift.store.catalog.Reindexer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Undoes one transaction, or everything one run committed, as a new transaction (whose note names what it undid):
 * the objects through {@code Session.revert}, the catalog rows of the nodes involved with them; a run's reindex by
 * rebuilding its subtrees as they were indexed before. All of it or nothing: refused (exit 75) when later work
 * changed any of the same nodes or catalog subtrees.
 */
@JobInfo(name = "undo", summary = "revert one transaction (--tid) or one run (--run) as a new transaction; Manager or system")
public final class UndoJob implements Job {
    static final class Target {
        @Option(names = "--run", paramLabel = "RUN_ID", required = true, description = "undo what this run committed (see `nightshift history`)")
        String run;

        @Option(names = "--tid", paramLabel = "TID", required = true, description = "undo this transaction")
        Long tid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Override
    public void run(JobContext ctx) {
        Admin.require(ctx);
        Catalog catalog = RunContext.of(ctx).storeCatalog();
        Long tid = target.tid;
        List<CatalogLog.Entry> reindexed = List.of();
        String what = "tid " + tid;
        if (target.run != null) {
            RunRecord run = RunHistory.of(catalog.store()).find(target.run).orElseThrow(() -> new BadParameterException("--run",
                    "there is no run " + target.run + "; `nightshift history` lists the runs"));
            if (run.status() != RunStatus.SUCCEEDED || run.dryRun()) {
                throw new BadParameterException("--run", "run " + target.run + " (" + run.jobName() + ") "
                        + (run.dryRun() ? "was a dry run" : "ended " + run.status()) + " and committed nothing: there is nothing to undo");
            }
            tid = run.tid().isPresent() ? run.tid().getAsLong() : null;
            reindexed = CatalogLog.ofRun(catalog, target.run);
            if (tid == null && reindexed.isEmpty()) {
                throw new BadParameterException("--run", "run " + target.run + " (" + run.jobName()
                        + ") changed nothing in the store or the catalog: there is nothing to undo");
            }
            what = "run " + target.run + " (" + run.jobName() + (tid == null ? "" : ", tid " + tid) + ")";
        }
        List<String> done = new ArrayList<>();
        CatalogBatch batch = ctx.catalog().batch();
        refuseLaterReindexes(catalog, what, reindexed);
        if (tid != null) {
            CatalogFollower follower = new CatalogFollower(catalog, batch);
            Reversal reversal = ctx.session().revert(tid, follower);
            Reindexer.follow(catalog, ctx.session(), batch, follower.moved(), Reindexer.Listener.NONE);
            done.add(reversal.removed() + " removed, " + reversal.restored() + " restored, " + reversal.recreated() + " recreated");
        }
        List<CatalogLog.Entry> newestFirst = new ArrayList<>(reindexed);
        Collections.reverse(newestFirst);
        for (CatalogLog.Entry entry : newestFirst) {
            CatalogLog.revert(catalog, entry, batch, Reindexer.Listener.NONE);
            done.add("catalog of " + entry.path() + (entry.previousTid() == null ? " dropped"
                    : " back to tid " + entry.previousTid()));
        }
        String note = "undo of " + what + ": " + String.join("; ", done);
        ctx.note(note);
        ctx.log().info(note);
    }

    private static void refuseLaterReindexes(Catalog catalog, String what, List<CatalogLog.Entry> reindexed) {
        List<String> later = new ArrayList<>();
        for (CatalogLog.Entry entry : reindexed) {
            for (CatalogLog.Entry e : CatalogLog.laterOverlapping(catalog, entry)) {
                if (!reindexed.contains(e)) {
                    later.add("catalog of " + e.path() + " (run " + e.runId() + ")");
                }
            }
        }
        if (!later.isEmpty()) {
            throw new UndoRefusedException(what, later.stream().distinct().toList(), "later reindexes changed");
        }
    }

    /**
     * Indexes each node as the undo stages it (removes the rows of the nodes it removes), so the catalog follows
     * without looking every node up again; a node whose place changes back is left to {@link Reindexer#follow},
     * which also moves the rows below it.
     */
    private static final class CatalogFollower implements Reversal.Listener {
        private final Catalog catalog;
        private final CatalogBatch batch;
        private long[] moved = new long[16];
        private int n;

        CatalogFollower(Catalog catalog, CatalogBatch batch) {
            this.catalog = catalog;
            this.batch = batch;
        }

        @Override
        public void restored(Node node, boolean wasMoved) {
            if (wasMoved) {
                if (n == moved.length) {
                    moved = java.util.Arrays.copyOf(moved, n * 2);
                }
                moved[n++] = node.oid();
                return;
            }
            try {
                batch.index(node, catalog.entryFor(node));
            } catch (UnreadableStateException e) {
                batch.keep(node.oid());
            }
        }

        @Override
        public void removed(long oid) {
            batch.remove(oid);
        }

        long[] moved() {
            return java.util.Arrays.copyOf(moved, n);
        }
    }
}
