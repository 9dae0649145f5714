package nightshift.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nightshift.cron.ClusteredScheduler;
import nightshift.cron.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nightshift scheduler --schedule FILE}: one node of the clustered scheduler, until SIGTERM. */
@Command(name = "scheduler", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the schedule as one node of the clustered scheduler (Quartz on the store's PostgreSQL):",
            "on start the cluster's entries are synced to the file; each firing runs on exactly one node.",
            "SIGTERM stops it: running jobs may finish within --grace, then they are aborted (nothing committed)."})
final class SchedulerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");

    @Option(names = "--schedule", required = true, paramLabel = "FILE", description = "the schedule file (see `nightshift schedule check`)")
    Path file;

    @Option(names = "--node-id", paramLabel = "ID", description = "this node's name in the cluster and in run records (default: host-pid)")
    String nodeId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "firings run at once on this node (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
            description = "on SIGTERM, how long running jobs may take to finish before they are aborted (default: ${DEFAULT-VALUE})")
    Duration grace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Nightshift root = Nightshift.of(spec);
        Schedule schedule = ScheduleCommand.read(root, file);
        if (threads < 1 || threads > 100) {
            throw new BadUsageException("--threads must be 1-100, was " + threads);
        }
        if (grace.isNegative()) {
            throw new BadUsageException("--grace must not be negative, was " + grace);
        }
        Logging.schedulerActivity(root.quiet);
        // a firing holds up to 3 connections (lock and record, session, rule load); Quartz's own threads 3 more
        root.poolSize(threads * 3 + 3);
        List<String> keep = new ArrayList<>();
        for (Path library : root.settings().lib) {
            keep.addAll(List.of("--lib", library.toString()));
        }
        if (root.config != null) {
            keep.addAll(List.of("--config", root.config.toString()));
        }
        ClusteredScheduler.Builder builder = ClusteredScheduler.create(root.store(),
                new FiringCommands(root.env(), root.home(), root.store(), keep)).threads(threads);
        if (nodeId != null) {
            builder.nodeId(nodeId);
        }
        ClusteredScheduler node = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("scheduler node {}: stopping (running jobs may take up to {})", node.nodeId(), Durations.format(grace));
            node.stop(grace);
            stopped.countDown();
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nightshift-scheduler-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ClusteredScheduler.TriggerSyncResult synced = node.start(schedule);
            if (!root.quiet) {
                root.out().println("scheduler node " + node.nodeId() + " started with " + schedule.entries().size()
                        + " entries (" + synced + "); SIGTERM stops it");
                root.out().flush();
            }
            stopped.await();
            return ExitCode.OK;
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            node.stop(Duration.ZERO);
            throw e;
        } finally {
            cleanedUp.countDown();
        }
    }
}
