package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.jobs.testjobs.FailJob;
import nightshift.jobs.testjobs.TouchJob;
import nightshift.jobs.internal.LockKeys;
import nightshift.jobs.internal.RunTable;
import nightshift.security.AccessDeniedException;
import nightshift.security.NoSuchUserException;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.security.UserDisabledException;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.StoreConfig;
import nightshift.store.StoreUnavailableException;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class JobRunnerTest {
    private final Store store;
    private final JobCatalog catalog = JobCatalog.load(getClass().getClassLoader());
    private final List<Duration> slept = new ArrayList<>();

    JobRunnerTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void site(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        dir.addUser("gone", "Disabled");
        dir.grant("gone", Role.EDITOR);
        dir.disable("gone");
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("site"));
            s.create(site, "counter", Document.of("counter", ""));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterEach
    void resetHook() {
        TouchJob.reset();
    }

    private JobRunner runner() {
        return JobRunner.create(store).sleeper(slept::add).progressInterval(Duration.ofMillis(20)).build();
    }

    private RunRequest request(String job, String user, String... args) {
        return JobParameters.request(catalog.find(job), user, args);
    }

    private RunRecord record(String runId) {
        return RunHistory.of(store).find(runId).orElseThrow();
    }

    private long count(String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    @Test
    void the_running_record_skips_its_wal_flush_but_the_connection_keeps_synchronous_commit() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            RunTable.insertRunning(c, new RunTable.Start("unflushed-1", "noop", "noop", "", "editor", "test", false),
                    java.time.Instant.now());
            try (ResultSet rs = st.executeQuery("SELECT status FROM ns_run WHERE run_id = 'unflushed-1'")) {
                assertTrue(rs.next());
                assertEquals("RUNNING", rs.getString(1));
            }
            // set_config(..., true) lasts only for the insert's transaction: the next user of this pooled
            // connection (a job's commit among them) must still wait for its flush.
            try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                assertEquals("on", rs.getString(1));
            }
            st.execute("DELETE FROM ns_run WHERE run_id = 'unflushed-1'");
            st.execute("SELECT pg_advisory_unlock_all()"); // the record's liveness lock, on a pooled connection
        }
    }

    @Test
    void a_run_commits_everything_with_its_record_in_one_transaction() throws Exception {
        store.dataSource();
        try (Session s = store.openSession()) {
            s.create(s.get("/site"), "ok", Folder.titled("ok"));
            s.commit(TxInfo.system("setup"));
        }
        RunResult result = runner().run(request("create-docs", "editor", "--folder", "/site/ok", "--count", "5"));
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertEquals(1, result.attempts());
        assertEquals(5, result.changes().created());
        assertTrue(result.tid().isPresent());
        RunRecord r = record(result.runId());
        assertEquals(RunStatus.SUCCEEDED, r.status());
        assertEquals(result.tid(), r.tid());
        assertEquals(5, r.created());
        assertEquals("editor", r.storeUser());
        assertEquals("--folder /site/ok --count 5", r.parameters());
        assertEquals(ProcessHandle.current().pid(), r.pid());
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT user_name, job_name, run_id, note FROM ns_tx WHERE tid = ?")) {
            ps.setLong(1, result.tid().getAsLong());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("editor", rs.getString(1));
                assertEquals("create-docs", rs.getString(2));
                assertEquals(result.runId(), rs.getString(3));
                assertEquals("created 5", rs.getString(4));
            }
        }
        try (Session s = store.openSession()) {
            assertEquals("editor", s.get("/site/ok/doc-4").owner());
        }
        // The commit's round trip released the job's lock and the run's: no connection of the pool still holds them.
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks l WHERE l.locktype = 'advisory'"
                        + " AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint)"
                        + " IN (?, (SELECT run_key FROM ns_run WHERE run_id = ?))")) {
            ps.setLong(1, LockKeys.job("create-docs"));
            ps.setString(2, result.runId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "the job's lock or the run's is still held after its run");
            }
        }
    }

    @Test
    void a_caller_chosen_run_id_names_the_record_and_the_transaction() throws Exception {
        try (Session s = store.openSession()) {
            s.create(s.get("/site"), "chosen", Folder.titled("chosen"));
            s.commit(TxInfo.system("setup"));
        }
        RunResult result = runner().run(request("create-docs", "editor", "--folder", "/site/chosen", "--count", "1")
                .toBuilder().runId("nightly@2026-01-01T03:00:00Z").build());
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertEquals("nightly@2026-01-01T03:00:00Z", result.runId());
        assertEquals(RunStatus.SUCCEEDED, record("nightly@2026-01-01T03:00:00Z").status());
    }

    @Test
    void a_run_whose_record_cannot_be_inserted_leaves_no_lock_behind() throws Exception {
        assertEquals(RunStatus.SUCCEEDED, runner().run(request("noop", "editor").toBuilder().runId("twice").build()).status());
        // The lock and the RUNNING insert are one statement; its failure (a duplicate run id) rolls back the insert
        // but not the session-level lock, which the runner must then release.
        assertThrows(StoreUnavailableException.class, () -> runner().run(request("noop", "editor").toBuilder().runId("twice").build()));
        assertEquals(0, count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
                + " AND classid::bigint >= " + (0x8000_0000_0000_0000L >>> 32)
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                "the job's lock or the run's");
    }

    @Test
    void a_job_that_changed_nothing_succeeds_without_an_empty_transaction() throws Exception {
        long transactions = count("SELECT count(*) FROM ns_tx");
        RunResult result = runner().run(request("noop", "reader"));
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertTrue(result.tid().isEmpty());
        assertEquals(transactions, count("SELECT count(*) FROM ns_tx"));
        assertEquals(RunStatus.SUCCEEDED, record(result.runId()).status());
    }

    @Test
    void a_failing_job_commits_nothing_and_records_its_error_and_stack() {
        RunResult result = runner().run(request("fail", "editor"));
        assertEquals(RunStatus.FAILED, result.status());
        assertInstanceOf(IllegalStateException.class, result.error());
        RunRecord r = record(result.runId());
        assertEquals(RunStatus.FAILED, r.status());
        assertEquals("the job broke on purpose", r.error());
        assertTrue(r.stack().contains("FailJob.run"), r.stack());
        assertFalse(exists("/site/from-a-failed-job"));
    }

    @Test
    void a_conflict_is_retried_in_a_fresh_session_and_the_record_says_two_attempts() {
        TouchJob.interfere(store, "/site/counter", false);
        RunResult result = runner().run(request("touch", "editor"));
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertEquals(2, result.attempts());
        assertEquals(2, record(result.runId()).attempts());
        assertEquals(1, slept.size(), "one backoff wait");
        try (Session s = store.openSession()) {
            assertEquals("concurrent+", s.get("/site/counter", Document.class).body(), "no update lost");
        }
    }

    @Test
    void conflicts_on_every_attempt_give_up_after_the_retries() {
        TouchJob.interfere(store, "/site/counter", true);
        RunResult result = runner().run(request("touch", "editor").toBuilder().retries(3).build());
        assertEquals(RunStatus.CONFLICT, result.status());
        assertEquals(3, result.attempts());
        assertEquals(2, slept.size());
        assertTrue(slept.get(1).compareTo(Duration.ZERO) > 0);
        assertEquals(RunStatus.CONFLICT, record(result.runId()).status());
    }

    @Test
    void a_refused_operation_fails_the_run_and_writes_nothing() {
        RunResult result = runner().run(request("create-docs", "reader", "--prefix", "denied"));
        assertEquals(RunStatus.FAILED, result.status());
        assertInstanceOf(AccessDeniedException.class, result.error());
        assertFalse(exists("/site/denied-0"));
    }

    @Test
    void unknown_and_disabled_users_cannot_run_jobs() {
        assertInstanceOf(NoSuchUserException.class, runner().run(request("noop", "nobody")).error());
        assertInstanceOf(UserDisabledException.class, runner().run(request("noop", "gone")).error());
    }

    @Test
    void a_dry_run_reports_what_it_would_change_and_commits_nothing() {
        RunResult result = runner().run(request("create-docs", "editor", "--prefix", "dry", "--count", "4").toBuilder().dryRun(true).build());
        assertEquals(RunStatus.SUCCEEDED, result.status());
        assertTrue(result.dryRun());
        assertEquals(4, result.changes().created());
        assertTrue(result.tid().isEmpty());
        assertFalse(exists("/site/dry-0"));
        RunRecord r = record(result.runId());
        assertTrue(r.dryRun());
        assertEquals(4, r.created());
        assertTrue(result.describe().contains("would have created 4"), result.describe());
    }

    @Test
    void a_run_past_its_timeout_is_aborted_and_commits_nothing() {
        RunResult result = runner().run(request("sleep", "editor", "--millis", "5000", "--name", "timeout")
                .toBuilder().timeout(Duration.ofMillis(300)).build());
        assertEquals(RunStatus.TIMED_OUT, result.status());
        assertInstanceOf(JobTimeoutException.class, result.error());
        assertEquals(RunStatus.TIMED_OUT, record(result.runId()).status());
        try (Session s = store.openSession()) {
            assertTrue(s.children(s.get("/site")).noneMatch(n -> n.name().startsWith("timeout-")));
        }
    }

    @Test
    void a_timed_out_job_that_does_not_stop_keeps_its_lock_until_it_does_and_commits_nothing() throws Exception {
        JobRunner impatient = JobRunner.create(store).grace(Duration.ofMillis(100)).build();
        RunResult result = impatient.run(request("stubborn", "editor", "--millis", "5000").toBuilder().timeout(Duration.ofMillis(300)).build());
        assertEquals(RunStatus.TIMED_OUT, result.status());
        assertEquals(RunStatus.TIMED_OUT, record(result.runId()).status(), "recorded though the job still runs");

        RunResult meanwhile = runner().run(request("stubborn", "editor", "--millis", "0"));
        assertEquals(RunStatus.SKIPPED, meanwhile.status(), "the stubborn job still runs, so its lock is still held");

        // Waits on the lock itself: it comes free only when the worker stops and releases it.
        RunResult after = runner().run(request("stubborn", "editor", "--millis", "0")
                .toBuilder().ifRunning(IfRunning.WAIT).timeout(Duration.ofSeconds(60)).build());
        assertEquals(RunStatus.SUCCEEDED, after.status(), "the worker released the lock when it stopped: " + after.describe());
        assertEquals(RunStatus.TIMED_OUT, record(result.runId()).status());
        assertFalse(exists("/site/stubborn-" + result.runId()), "the timed-out run committed nothing");
    }

    /** Snapshot registrations held in this database (shared advisory locks in the registry's key range). */
    private long registrations() throws Exception {
        long base = (0x6e74L << 40) >>> 32;
        return count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
                + " AND classid::bigint >= " + base + " AND classid::bigint < " + (base + 256)
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    /**
     * A run registers its session's snapshot ahead, with its RUNNING record: the session takes it, and a run that
     * never opens one (refused, skipped) releases it.
     */
    @Test
    void a_run_leaves_no_snapshot_registration_whether_it_committed_was_refused_or_skipped() throws Exception {
        assertEquals(0, registrations());
        assertEquals(RunStatus.SUCCEEDED, runner().run(request("touch", "editor")).status());
        assertEquals(0, registrations(), "committed");
        assertEquals(RunStatus.FAILED, runner().run(request("touch", "nobody")).status());
        assertEquals(0, registrations(), "refused before its session opened");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + LockKeys.job("touch") + ")");
            assertEquals(RunStatus.SKIPPED, runner().run(request("touch", "editor")).status());
            st.execute("SELECT pg_advisory_unlock(" + LockKeys.job("touch") + ")");
        }
        assertEquals(0, registrations(), "skipped");
    }

    @Test
    void a_runner_built_to_run_on_the_callers_thread_does_so_without_a_timeout_and_on_a_worker_with_one() {
        List<Thread> ranOn = new ArrayList<>();
        Job noting = ctx -> ranOn.add(Thread.currentThread());
        JobRunner inline = JobRunner.create(store).runOnCallerThread(true).build();
        assertEquals(RunStatus.SUCCEEDED, inline.run(RunRequest.of("where", () -> noting, "editor")).status());
        assertEquals(RunStatus.SUCCEEDED, inline.run(RunRequest.of("where", () -> noting, "editor")
                .toBuilder().timeout(Duration.ofSeconds(30)).build()).status());
        assertEquals(RunStatus.SUCCEEDED, runner().run(RunRequest.of("where", () -> noting, "editor")).status());
        assertEquals(Thread.currentThread(), ranOn.get(0), "nothing to stop: no hand-off");
        assertTrue(ranOn.get(1) != Thread.currentThread() && ranOn.get(1).getName().startsWith("nightshift-job"),
                "a timeout needs a worker it can interrupt: " + ranOn.get(1).getName());
        assertTrue(ranOn.get(2) != Thread.currentThread() && ranOn.get(2).getName().startsWith("nightshift-job"),
                "by default every run has a worker, so an interrupt of the caller returns at once: " + ranOn.get(2).getName());
    }

    @Test
    void a_run_on_the_callers_thread_interrupted_while_waiting_to_retry_is_recorded_failed_and_throws() {
        TouchJob.interfere(store, "/site/counter", true);
        JobRunner interrupted = JobRunner.create(store).runOnCallerThread(true).sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            JobException e = assertThrows(JobException.class,
                    () -> interrupted.run(request("touch", "editor").toBuilder().runId("interrupted-retry").build()));
            assertTrue(e.getMessage().contains("interrupted while running touch"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        RunRecord r = record("interrupted-retry");
        assertEquals(RunStatus.FAILED, r.status());
        assertEquals(1, r.attempts());
        assertTrue(r.error().contains("interrupted while waiting to retry"), r.error());
    }

    @Test
    void a_run_does_its_lock_record_user_rules_and_session_on_one_connection() {
        String url = store.config().url();
        StoreConfig one = TestServer.get().config(url.substring(url.lastIndexOf('/') + 1)).poolSize(1).build();
        try (Store poolOfOne = Store.open(one)) {
            // A second connection would wait for the pool's one and fail after its 30 s connection timeout.
            RunResult result = JobRunner.create(poolOfOne).build().run(request("touch", "editor"));
            assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        }
    }

    @Test
    void overlapping_runs_skip_fail_or_wait() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            JobRunner watching = JobRunner.create(store).progressInterval(Duration.ofMillis(20))
                    .progressListener((runId, job, done, total, rate) -> started.countDown()).build();
            Future<RunResult> first = pool.submit(() -> watching.run(request("sleep", "editor", "--millis", "1500", "--name", "overlap")));
            assertTrue(started.await(20, TimeUnit.SECONDS), "the first run never reported progress");

            RunResult skipped = runner().run(request("sleep", "editor", "--millis", "10"));
            assertEquals(RunStatus.SKIPPED, skipped.status());
            assertNull(skipped.error(), "skipping is not a failure");
            assertEquals(RunStatus.SKIPPED, record(skipped.runId()).status());

            RunResult failed = runner().run(request("sleep", "editor", "--millis", "10").toBuilder().ifRunning(IfRunning.FAIL).build());
            assertEquals(RunStatus.FAILED, failed.status());
            assertInstanceOf(LockHeldException.class, failed.error());
            assertEquals(RunStatus.FAILED, record(failed.runId()).status(), "not having the lock under FAIL is a failure");

            RunResult otherKey = runner().run(request("sleep", "editor", "--millis", "10", "--name", "otherkey")
                    .toBuilder().lockKey("sleep:other-site").build());
            assertEquals(RunStatus.SUCCEEDED, otherKey.status(), "another lock key may overlap: " + otherKey.describe());

            RunResult waited = runner().run(request("sleep", "editor", "--millis", "10", "--name", "waited")
                    .toBuilder().ifRunning(IfRunning.WAIT).timeout(Duration.ofSeconds(60)).build());
            assertEquals(RunStatus.SUCCEEDED, waited.status(), waited.describe());
            assertTrue(first.isDone(), "the waiting run started only after the first finished");
            assertEquals(RunStatus.SUCCEEDED, first.get().status());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void progress_is_written_to_the_run_record_while_it_runs() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> run = pool.submit(() -> runner().run(request("sleep", "editor", "--millis", "1500", "--name", "progress")
                    .toBuilder().lockKey("progress-test").build()));
            RunRecord seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !run.isDone()) {
                List<RunRecord> running = RunHistory.of(store).list("sleep", RunStatus.RUNNING, 5);
                if (!running.isEmpty() && running.get(0).progressDone() > 0) {
                    seen = running.get(0);
                    break;
                }
                Thread.onSpinWait();
            }
            assertTrue(seen != null, "no progress seen in the run record");
            assertEquals(150, seen.progressTotal());
            assertTrue(seen.rate() > 0);
            assertTrue(seen.eta().isPresent());
            assertEquals(RunStatus.SUCCEEDED, run.get().status());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void old_run_records_are_pruned_by_the_runner() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO ns_run (run_id, job_name, lock_key, store_user, started_by, status, started_at)"
                    + " VALUES ('ancient', 'noop', 'noop', 'editor', 'test', 'SUCCEEDED', now() - interval '91 days')");
        }
        runner().run(request("noop", "editor"));
        assertEquals(0, count("SELECT count(*) FROM ns_run WHERE run_id = 'ancient'"));
    }
}
