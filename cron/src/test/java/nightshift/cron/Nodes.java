package nightshift.cron;

import java.time.Duration;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;

/** Scheduler nodes for tests: short cluster intervals, and a handler that runs a {@link TickJob} as editor. */
final class Nodes {
    private Nodes() {
    }

    static void site(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        try (Session s = store.openSession()) {
            s.create(s.root(), "ticks", Folder.titled("ticks"));
            s.commit(TxInfo.system("setup"));
        }
    }

    /** Runs the firing's TickJob, working {@code millis} before it writes. */
    static FiringHandler ticks(Store store, long millis) {
        JobRunner runner = JobRunner.create(store).build();
        return f -> runner.run(RunRequest.of("tick", () -> new TickJob(Firing.key(f.entryId(), f.scheduledAt()), millis), "editor")
                .toBuilder().runId(f.runId()).startedBy(f.startedBy()).lockKey(f.entryId()).build());
    }

    /** A Quartz cron expression that fires once, at the whole second {@code at} (UTC). */
    static String once(java.time.Instant at) {
        java.time.ZonedDateTime t = at.atZone(java.time.ZoneOffset.UTC);
        return t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " " + t.getDayOfMonth() + " " + t.getMonthValue()
                + " ? " + t.getYear();
    }

    static ScheduleEntry onceEntry(String id, java.time.Instant at, Misfire misfire) {
        return ScheduleEntry.ofQuartz(id, once(at), java.time.ZoneOffset.UTC, misfire, java.util.List.of("run", "tick", "--as", "editor"));
    }

    static ClusteredScheduler node(Store store, String id, FiringHandler handler) {
        return ClusteredScheduler.create(store, handler).nodeId(id).threads(2)
                .checkinInterval(Duration.ofSeconds(1)).misfireThreshold(Duration.ofMillis(1000))
                .idleWait(Duration.ofSeconds(1)).build();
    }
}
