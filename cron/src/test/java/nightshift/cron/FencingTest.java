package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import nightshift.cron.internal.FiringRecords;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.store.Store;
import nightshift.store.content.Document;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class FencingTest {
    @BeforeAll
    static void site(Store store) {
        Nodes.site(store);
    }

    @Test
    void a_node_that_comes_back_after_its_firing_was_taken_over_cannot_commit_it(Store store) throws Exception {
        String key = "fenced@2026-01-01T03:00:00Z";
        CountDownLatch paused = new CountDownLatch(1);
        JobRunner runner = JobRunner.create(store).build();
        CompletableFuture<RunResult> old = CompletableFuture.supplyAsync(() -> runner.run(RunRequest.of("tick", () -> ctx -> {
            ctx.session().create(ctx.session().get("/ticks"), "fenced", Document.of("fenced", ""));
            paused.await(); // the node stops answering here: a long GC pause, a network cut
        }, "editor").toBuilder().runId(key).startedBy("scheduler:paused").lockKey("fenced-old").build()));
        MisfireAndStopTest.waitFor(store, "fenced@", 5_000);

        FiringRecords.Decision takeover;
        try (Connection c = store.dataSource().getConnection()) {
            takeover = FiringRecords.decide(c, key, true, "rescuer", Instant.now());
        }
        assertEquals(key + "/2", takeover.runId());
        assertEquals(Map.of(key, "ABANDONED"), MisfireAndStopTest.runs(store, "fenced@"));

        paused.countDown(); // the old node wakes up and tries to commit
        String ending = ending(old);
        assertFalse(ending.startsWith("SUCCEEDED"), ending);
        assertFalse(MisfireAndStopTest.exists(store, "fenced"), "the fenced commit wrote nothing");
        assertEquals(Map.of(key, "ABANDONED"), MisfireAndStopTest.runs(store, "fenced@"));
    }

    @Test
    void a_recovered_firing_is_skipped_when_its_first_attempt_commits_while_it_is_being_taken_over(Store store)
            throws Exception {
        String key = "racing@2026-01-01T03:00:00Z";
        CountDownLatch working = new CountDownLatch(1);
        JobRunner runner = JobRunner.create(store).build();
        CompletableFuture<RunResult> old = CompletableFuture.supplyAsync(() -> runner.run(RunRequest.of("tick", () -> ctx -> {
            working.await(); // a node that stopped answering, for long enough to be declared dead, then goes on
            ctx.session().create(ctx.session().get("/ticks"), "racing", Document.of("racing", ""));
        }, "editor").toBuilder().runId(key).startedBy("scheduler:slow").lockKey("racing-old").build()));
        MisfireAndStopTest.waitFor(store, "racing@", 5_000);
        int oldBackend = Backends.ofRun(store, key);
        try (Connection holder = store.dataSource().getConnection(); Connection rescuer = store.dataSource().getConnection()) {
            // A transaction holds the first attempt's record: its commit, which updates the record, waits for it ...
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement("SELECT 1 FROM ns_run WHERE run_id = ? FOR UPDATE")) {
                ps.setString(1, key);
                ps.executeQuery().close();
            }
            working.countDown();
            Backends.awaitBlockedBy(store, oldBackend, Backends.pid(holder), 10_000);
            // ... and so does the recovering node's update of it, queued behind that commit.
            int rescuerBackend = Backends.pid(rescuer);
            CompletableFuture<FiringRecords.Decision> takeover = CompletableFuture.supplyAsync(() -> {
                try {
                    return FiringRecords.decide(rescuer, key, true, "rescuer", Instant.now());
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            Backends.awaitBlockedBy(store, rescuerBackend, oldBackend, 10_000);
            holder.rollback(); // the first attempt's commit lands, then the recovering node's update runs

            FiringRecords.Decision decision = takeover.get(10, TimeUnit.SECONDS);
            assertFalse(decision.run(), "the firing ran again as " + decision.runId() + " after its first attempt committed");
            assertTrue(decision.reason().contains("run " + key + " "), decision.reason());
        }
        RunResult result = old.get();
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertEquals(Map.of(key, "SUCCEEDED"), MisfireAndStopTest.runs(store, "racing@"));
        assertTrue(MisfireAndStopTest.exists(store, "racing"));
    }

    @Test
    void a_recovered_firing_gets_the_jobs_lock_that_its_stalled_first_attempt_still_held(Store store) throws Exception {
        String key = "stalled@2026-01-01T03:00:00Z";
        CountDownLatch paused = new CountDownLatch(1);
        JobRunner runner = JobRunner.create(store).build();
        CompletableFuture<RunResult> old = CompletableFuture.supplyAsync(() -> runner.run(RunRequest.of("tick", () -> ctx -> {
            paused.await(); // the node is stopped (SIGSTOP, a frozen VM): its connection, and the job's lock, stay open
            ctx.session().create(ctx.session().get("/ticks"), "stalled-first", Document.of("stalled", ""));
        }, "editor").toBuilder().runId(key).startedBy("scheduler:stopped").lockKey("stalled").build()));
        MisfireAndStopTest.waitFor(store, "stalled@", 5_000);

        FiringRecords.Decision takeover;
        try (Connection c = store.dataSource().getConnection()) {
            takeover = FiringRecords.decide(c, key, true, "rescuer", Instant.now());
        }
        assertEquals(key + "/2", takeover.runId());
        RunResult again = runner.run(RunRequest.of("tick", () -> ctx -> ctx.session().create(ctx.session().get("/ticks"),
                "stalled-second", Document.of("stalled", "")), "editor").toBuilder().runId(takeover.runId())
                .startedBy("scheduler:rescuer").lockKey("stalled").build());
        assertEquals(RunStatus.SUCCEEDED, again.status(), again.describe());

        paused.countDown(); // the stopped node goes on, on a connection that is gone
        String ending = ending(old);
        assertFalse(ending.startsWith("SUCCEEDED"), ending);
        assertEquals(Map.of(key, "ABANDONED", key + "/2", "SUCCEEDED"), MisfireAndStopTest.runs(store, "stalled@"));
        assertFalse(MisfireAndStopTest.exists(store, "stalled-first"), "the stalled attempt wrote nothing");
        assertTrue(MisfireAndStopTest.exists(store, "stalled-second"));
    }

    @Test
    void a_committed_firing_is_skipped_whether_recovered_or_fired_again(Store store) throws Exception {
        String key = "done@2026-01-01T03:00:00Z";
        RunResult first = JobRunner.create(store).build().run(RunRequest.of("tick", () -> new TickJob("done", 0), "editor")
                .toBuilder().runId(key).lockKey("done").build());
        assertEquals(RunStatus.SUCCEEDED, first.status(), first.describe());
        try (Connection c = store.dataSource().getConnection()) {
            assertFalse(FiringRecords.decide(c, key, true, "rescuer", Instant.now()).run());
            assertFalse(FiringRecords.decide(c, key, false, "other", Instant.now()).run());
            assertEquals("fresh@2026-01-01T03:00:00Z", FiringRecords.decide(c, "fresh@2026-01-01T03:00:00Z", false, "a",
                    Instant.now()).runId());
        }
    }

    /**
     * How an attempt that was taken over ends: refused at its commit (its record is no longer RUNNING), or failed on
     * its connection, which the recovering node closed to free the job's lock. Neither commits anything.
     */
    private static String ending(CompletableFuture<RunResult> attempt) throws InterruptedException {
        try {
            RunResult result = attempt.get();
            return result.status() + ": " + result.describe();
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        }
    }
}
