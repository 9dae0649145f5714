package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.content.Document;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A job that throws an Error (out of memory, out of stack, any other) fails its run like any exception. */
@ExtendWith(StoreExtension.class)
class JobErrorTest {
    private final Store store;

    JobErrorTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void site(Store store) {
        TestSite.editorAndSite(store);
    }

    /** A job that stages a document named {@code name}, then throws what {@code error} gives. */
    private static Job stagingThenThrowing(String name, Runnable error) {
        return ctx -> {
            ctx.session().create(ctx.session().get("/site"), name, Document.of(name, ""));
            error.run();
        };
    }

    private static int deeper(int depth) {
        return deeper(depth + 1) + 1;
    }

    private void failedWith(Class<? extends Throwable> type, String error, String name, RunResult result) {
        assertEquals(RunStatus.FAILED, result.status(), result.describe());
        assertInstanceOf(type, result.error());
        RunRecord record = RunHistory.of(store).find(result.runId()).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertTrue(record.error().contains(error), record.error());
        assertTrue(record.stack().startsWith(type.getName()), record.stack());
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/site/" + name), "nothing of a failed run commits");
        }
    }

    private void stillRuns(JobRunner runner) {
        RunResult next = runner.run(RunRequest.of("next", () -> ctx -> { }, "editor"));
        assertEquals(RunStatus.SUCCEEDED, next.status(), next.describe());
    }

    @Test
    void a_job_that_overflows_its_stack_fails_its_run_on_a_worker() {
        JobRunner runner = JobRunner.create(store).build();
        RunResult result = runner.run(RunRequest.of("recursing", () -> stagingThenThrowing("recursed", () -> deeper(0)), "editor"));
        failedWith(StackOverflowError.class, "java.lang.StackOverflowError", "recursed", result);
        stillRuns(runner);
    }

    @Test
    void a_job_that_overflows_its_stack_fails_its_run_on_the_callers_thread() {
        JobRunner runner = JobRunner.create(store).runOnCallerThread(true).build();
        RunResult result = runner.run(RunRequest.of("recursing-inline",
                () -> stagingThenThrowing("recursed-inline", () -> deeper(0)), "editor"));
        failedWith(StackOverflowError.class, "java.lang.StackOverflowError", "recursed-inline", result);
        stillRuns(runner);
    }

    @Test
    void a_job_that_runs_out_of_memory_fails_its_run() {
        JobRunner runner = JobRunner.create(store).build();
        RunResult result = runner.run(RunRequest.of("exhausted", () -> stagingThenThrowing("exhausted", () -> {
            throw new OutOfMemoryError("no heap left for the job");
        }), "editor"));
        failedWith(OutOfMemoryError.class, "no heap left for the job", "exhausted", result);
        stillRuns(runner);
    }

    /** An Error of the job's own, neither an exception nor one the JVM raises. */
    private static final class JobsOwnError extends Error {
        private static final long serialVersionUID = 1L;

        JobsOwnError() {
            super("the job's own error");
        }
    }

    @Test
    void a_job_that_throws_an_error_of_its_own_fails_its_run() {
        JobRunner runner = JobRunner.create(store).runOnCallerThread(true).build();
        RunResult result = runner.run(RunRequest.of("erring", () -> stagingThenThrowing("erred", () -> {
            throw new JobsOwnError();
        }), "editor"));
        failedWith(JobsOwnError.class, "the job's own error", "erred", result);
        stillRuns(runner);
    }

    /**
     * A job that fills a 64 MB heap in a child JVM: the run is recorded FAILED with the error, and the same runner
     * then runs another job.
     */
    @Test
    void a_job_that_fills_the_heap_of_its_process_fails_its_run_and_the_process_runs_the_next(StoreConfig config)
            throws Exception {
        Process child = ChildJvm.start(OutOfMemoryMain.class, List.of("-Xmx64m", "-XX:+UseSerialGC"), ChildJvm.storeArgs(config));
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        assertTrue(output.toString().contains("first FAILED\n"), output.toString());
        assertTrue(output.toString().contains("second SUCCEEDED\n"), output.toString());
        RunRecord record = RunHistory.of(store).find("filled-the-heap").orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertTrue(record.error().contains("Java heap space"), record.error());
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/site/heap-filler"), "nothing of the failed run commits");
        }
    }

    /** The child of the heap test. Args: url user passwordFile */
    public static final class OutOfMemoryMain {
        private OutOfMemoryMain() {
        }

        public static void main(String[] args) {
            try (Store store = Store.open(ChildJvm.config(args[0], args[1], args[2]).build())) {
                JobRunner runner = JobRunner.create(store).build();
                RunResult first = runner.run(RunRequest.of("heap-filler", () -> ctx -> {
                    ctx.session().create(ctx.session().get("/site"), "heap-filler", Document.of("filler", ""));
                    List<long[]> hoard = new java.util.ArrayList<>();
                    while (true) {
                        hoard.add(new long[1 << 16]);
                    }
                }, "editor").toBuilder().runId("filled-the-heap").build());
                System.out.println("first " + first.status());
                RunResult second = runner.run(RunRequest.of("after-the-heap", () -> ctx -> { }, "editor"));
                System.out.println("second " + second.status());
            }
            System.exit(0);
        }
    }
}
