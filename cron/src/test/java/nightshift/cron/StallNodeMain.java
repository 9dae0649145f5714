package nightshift.cron;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.store.Store;
import nightshift.store.testing.ChildJvm;

/**
 * A scheduler node of {@link SchedulerUnderStallsTest} in a child JVM: args url, user, password file (or "-"),
 * node id. Its firings run {@link CountingJob}s; SIGTERM stops it as the command line's scheduler stops.
 */
public final class StallNodeMain {
    /** Every second, every two, every three: the last works long enough for a node to be stopped in the middle. */
    static final Schedule SCHEDULE = new Schedule(List.of(entry("often", "* * * * * ?"), entry("even", "*/2 * * * * ?"),
            entry("slow", "*/3 * * * * ?")));

    private StallNodeMain() {
    }

    private static ScheduleEntry entry(String id, String quartz) {
        return ScheduleEntry.ofQuartz(id, quartz, ZoneOffset.UTC, Misfire.RUN_ONCE, List.of("run", "count", "--as", "editor"));
    }

    static long work(String entry) {
        return switch (entry) {
            case "often" -> 150;
            case "even" -> 600;
            default -> 2_000;
        };
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).applicationName("node " + args[3]).build());
        JobRunner runner = JobRunner.create(store).backoff(Duration.ofMillis(20), Duration.ofMillis(300)).build();
        // A conflict on a counter is retried until the commit goes through: no firing is lost to conflicts.
        FiringHandler counting = f -> runner.run(RunRequest.of("count", () -> new CountingJob(f.entryId(), work(f.entryId())), "editor")
                .toBuilder().runId(f.runId()).startedBy(f.startedBy()).lockKey(f.entryId()).retries(1_000).build());
        ClusteredScheduler node = ClusteredScheduler.create(store, counting).nodeId(args[3]).threads(4)
                .checkinInterval(Duration.ofSeconds(1)).misfireThreshold(Duration.ofSeconds(1)).idleWait(Duration.ofSeconds(1))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop(Duration.ofSeconds(10));
            store.close();
            System.out.println("stopped " + args[3]);
        }));
        node.start(SCHEDULE);
        System.out.println("started " + args[3]);
        Thread.sleep(Long.MAX_VALUE); // the node runs until the test stops, kills or terminates it
    }
}
