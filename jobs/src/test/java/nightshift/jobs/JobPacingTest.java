package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.spi.Pacing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that reports its progress keeps pace with the store's other writers: while a small commit on the server
 * cannot finish, the job waits at its next step, and goes on when commits finish again. The stall is real: a
 * synchronous standby that never connects makes every commit of the server wait, as a disk that cannot keep up
 * would. The server is this class's own, so no other test's commits wait with it.
 */
class JobPacingTest {
    @TempDir
    static Path dir;
    private static EmbeddedStoreServer server;
    private static EmbeddedStoreServer.Endpoint endpoint;

    @BeforeAll
    static void start() {
        server = EmbeddedStoreServer.at(dir.resolve("server"));
        endpoint = server.attachOrStart();
        Store.migrate(config(null));
        try (Store store = Store.open(config(null))) {
            TestSite.editorAndReader(store);
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static StoreConfig config(Duration pace) {
        return StoreConfig.builder(endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE)).user(endpoint.user())
                .passwordFile(endpoint.passwordFile()).pace(pace).build();
    }

    /** Makes every commit of the server wait for a standby that never comes, or lets them all go. */
    private static void stallCommits(boolean stall) throws Exception {
        try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE), endpoint.user(),
                endpoint.readPassword()); Statement st = c.createStatement()) {
            st.execute(stall ? "ALTER SYSTEM SET synchronous_standby_names = 'a_standby_that_never_connects'"
                    : "ALTER SYSTEM RESET synchronous_standby_names");
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /** A job that steps its progress until told to stop, counting its steps and telling where its thread is. */
    private static final class SteppingJob implements Job {
        final AtomicLong steps = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<Duration> paused = new AtomicReference<>();

        @Override
        public void run(JobContext ctx) {
            thread.set(Thread.currentThread());
            Duration before = Pacing.pausedOnThisThread();
            Progress progress = ctx.progress(0);
            while (!stop.get()) {
                progress.step();
                steps.incrementAndGet();
            }
            paused.set(Pacing.pausedOnThisThread().minus(before));
        }

        boolean waitingToKeepPace() {
            Thread t = thread.get();
            return t != null && t.getState() == Thread.State.TIMED_WAITING && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("pause")
                    && f.getClassName().endsWith(".Pacer"));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    private static RunResult runWhileStalled(Store store, SteppingJob job, StallCheck whileStalled) throws Exception {
        JobRunner runner = JobRunner.create(store).build();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> runner.run(RunRequest.of("stepping", () -> job, "editor")));
        try {
            await("the job steps", () -> job.steps.get() > 1_000);
            stallCommits(true);
            try {
                whileStalled.check();
            } finally {
                stallCommits(false);
            }
            long resumedFrom = job.steps.get();
            await("the job steps again", () -> job.steps.get() > resumedFrom + 1_000);
        } finally {
            job.stop.set(true);
        }
        return run.get(60, TimeUnit.SECONDS);
    }

    private interface StallCheck {
        void check() throws Exception;
    }

    @Test
    void a_job_waits_at_its_next_step_while_the_servers_commits_cannot_finish_and_goes_on_when_they_can() throws Exception {
        try (Store store = Store.open(config(StoreConfig.DEFAULT_PACE))) {
            SteppingJob job = new SteppingJob();
            RunResult result = runWhileStalled(store, job, () -> await("the job waits to keep pace", job::waitingToKeepPace));
            assertEquals(RunStatus.SUCCEEDED, result.status(), String.valueOf(result));
            assertTrue(job.paused.get().toMillis() > 0, "the job's thread counted its wait: " + job.paused.get());
        }
    }

    @Test
    void with_pacing_off_a_job_goes_on_while_the_servers_commits_cannot_finish() throws Exception {
        try (Store store = Store.open(config(null))) {
            SteppingJob job = new SteppingJob();
            RunResult result = runWhileStalled(store, job, () -> {
                long from = job.steps.get();
                await("the job steps on", () -> job.steps.get() > from + 100_000);
            });
            assertEquals(RunStatus.SUCCEEDED, result.status(), String.valueOf(result));
            assertEquals(Duration.ZERO, job.paused.get());
        }
    }
}
