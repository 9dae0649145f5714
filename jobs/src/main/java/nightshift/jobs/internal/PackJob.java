package nightshift.jobs.internal;

import java.time.Duration;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.store.Pack;
import nightshift.store.Store;
import picocli.CommandLine.Option;

/**
 * Removes old history in short batches of its own, outside the run's transaction (the run's commit only records it):
 * what a stopped pack removed stays removed, and the store is consistent at every point.
 */
@JobInfo(name = "pack", summary = "remove the history older than --keep-days (current states are always kept); Manager or system")
public final class PackJob implements Job {
    @Option(names = "--keep-days", required = true, paramLabel = "N",
            description = "keep every version a snapshot of the last N days can read (0: keep only current states)")
    int keepDays;

    // Each batch's log is flushed with its commit, and a small commit of the site that arrives then waits for it:
    // small batches keep that wait short, and cost little, as the versions to remove come through their index.
    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N",
            description = "versions removed per short transaction (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public void run(JobContext ctx) {
        if (keepDays < 0) {
            throw new BadParameterException("--keep-days", "--keep-days must be 0 or more, was " + keepDays);
        }
        if (batchSize < 1) {
            throw new BadParameterException("--batch-size", "--batch-size must be at least 1, was " + batchSize);
        }
        Admin.require(ctx);
        Store store = RunContext.of(ctx).storeCatalog().store();
        Pack.Options options = new Pack.Options(Duration.ofDays(keepDays), batchSize);
        if (ctx.dryRun()) {
            Pack.Report plan = Pack.plan(store, options);
            String text = String.format("would pack to tid %d (%s): %,d old versions", plan.horizon(), plan.limitedBy(),
                    Pack.removable(store, plan.horizon()));
            ctx.note(text);
            ctx.log().info(text);
            return;
        }
        Progress progress = ctx.progress(0);
        Pack.Report report = Pack.run(store, ctx.user(), options, (states, bytes) -> progress.advance(states),
                () -> Thread.currentThread().isInterrupted());
        ctx.note(report.summary());
        ctx.log().info(report.summary());
    }
}
