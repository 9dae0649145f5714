package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduler under stalls: three nodes, each a child JVM, fire counting jobs every one to three seconds while one
 * node is stopped (SIGSTOP) in the middle of a job for longer than the cluster waits before it recovers its firings,
 * then resumed; one is stopped while its commit is held in the database until the recovering node's fence waits
 * for it; one is killed (SIGKILL) in the middle of a job; every commit is slowed in the database. At the end each
 * firing took effect exactly once.
 */
@ExtendWith(StoreExtension.class)
class SchedulerUnderStallsTest {
    /** The test's advisory lock: while the test holds it, every commit waits at the update of its run record. */
    private static final long GATE = 0x6e73_6761_7465_0001L;
    /** Quartz declares a node dead after its check-in interval and 7.5 s; then a firing runs again, slowly. */
    private static final long RECOVERY_MILLIS = 60_000;

    @Test
    void every_firing_takes_effect_exactly_once_while_nodes_are_stopped_resumed_and_killed(Store store, StoreConfig config)
            throws Exception {
        Nodes.site(store);
        counting(store);
        slowCommits(store);
        String[] storeArgs = ChildJvm.storeArgs(config);
        List<ChildNode> nodes = new ArrayList<>();
        try (Connection gate = store.dataSource().getConnection()) {
            for (String id : List.of("n1", "n2", "n3")) {
                nodes.add(ChildNode.start(StallNodeMain.class, id, storeArgs[0], storeArgs[1], storeArgs[2], id));
            }
            for (ChildNode n : nodes) {
                Await.until("node " + n.id() + " to commit a firing", 90_000, () -> committedSince(store, n, Instant.EPOCH));
            }
            stoppedMidJob(store, nodes);
            stoppedMidCommit(store, nodes, gate);
            killedMidJob(store, nodes);
            for (ChildNode n : nodes) {
                n.terminate();
            }
            for (ChildNode n : nodes) {
                assertTrue(n.awaitExit(60_000), "node " + n.id() + " did not stop within a minute of SIGTERM");
            }
            everyFiringTookEffectOnce(store);
        } catch (Throwable t) {
            System.out.println(diagnostics(store, nodes));
            throw t;
        } finally {
            for (ChildNode n : nodes) {
                n.close();
            }
        }
    }

    /**
     * A node stopped while its job works, past the recovery threshold: its firing runs again elsewhere as {@code /2},
     * and once resumed the node does not commit the first attempt, and goes on firing.
     */
    private static void stoppedMidJob(Store store, List<ChildNode> nodes) throws Exception {
        Run first = Await.until("a slow firing that has just started", 30_000, () -> justStarted(store));
        ChildNode node = nodeOf(nodes, first);
        node.pause();
        Await.until("the firings of stopped node " + node.id() + " to be recovered and committed", RECOVERY_MILLIS,
                () -> everyFiringCommitted(store, node));
        String key = keyOf(first.runId());
        assertEquals(Map.of(first.runId(), "ABANDONED", key + "/2", "SUCCEEDED"), attempts(store, key));

        Instant resumed = Instant.now();
        node.resume();
        Await.until("node " + node.id() + ", resumed, to give up the firing taken over", 30_000,
                () -> node.printed("firing " + first.runId() + " of `", "ended without committing"));
        Await.until("node " + node.id() + ", resumed, to commit firings again", 60_000, () -> committedSince(store, node, resumed));
        assertEquals(Map.of(first.runId(), "ABANDONED", key + "/2", "SUCCEEDED"), attempts(store, key));
    }

    /**
     * A node stopped while its commit is under way: the commit is held at the gate until the recovering node's fence
     * waits for the run record, then lands. The fence finds it SUCCEEDED, and the firing is not run again.
     */
    private static void stoppedMidCommit(Store store, List<ChildNode> nodes, Connection gate) throws Exception {
        int gateBackend = Backends.pid(gate);
        try (Statement st = gate.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + GATE + ")");
        }
        Run held = Await.until("a commit held at the gate", 30_000, () -> heldAtGate(store, gateBackend));
        ChildNode node = nodeOf(nodes, held);
        node.pause();
        Await.until("the recovering node's fence to wait for the held commit", RECOVERY_MILLIS,
                () -> rowLockWaitsFor(store, held.backendPid()));
        try (Statement st = gate.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + GATE + ")");
        }
        String key = keyOf(held.runId());
        Await.until("the recovered firing " + key + " to be skipped", 30_000, () -> nodes.stream().anyMatch(n -> n.printed(
                "firing " + key + " on node ", "skipped, run " + held.runId() + " (")));
        Await.until("the other firings of stopped node " + node.id() + " to be recovered and committed", RECOVERY_MILLIS,
                () -> everyFiringCommitted(store, node));
        assertEquals(Map.of(held.runId(), "SUCCEEDED"), attempts(store, key));

        Instant resumed = Instant.now();
        node.resume();
        Await.until("node " + node.id() + ", resumed, to commit firings again", 60_000, () -> committedSince(store, node, resumed));
    }

    /** A node killed while its job works: its firing runs again elsewhere as {@code /2}. */
    private static void killedMidJob(Store store, List<ChildNode> nodes) throws Exception {
        Run first = Await.until("a slow firing that has just started", 30_000, () -> justStarted(store));
        ChildNode node = nodeOf(nodes, first);
        node.kill();
        Await.until("the firings of killed node " + node.id() + " to be recovered and committed", RECOVERY_MILLIS,
                () -> everyFiringCommitted(store, node));
        String key = keyOf(first.runId());
        assertEquals(Map.of(first.runId(), "ABANDONED", key + "/2", "SUCCEEDED"), attempts(store, key));
    }

    /**
     * Every firing key with a SUCCEEDED attempt has exactly that attempt's effect; no effect without one; no key with
     * two; no firing lost (every key has one); each entry's counter counts its effects; each commit of a counting job
     * is its SUCCEEDED record's.
     */
    private static void everyFiringTookEffectOnce(Store store) throws Exception {
        List<Run> runs = runs(store);
        Map<String, List<Run>> byKey = new TreeMap<>();
        for (Run r : runs) {
            byKey.computeIfAbsent(keyOf(r.runId()), k -> new ArrayList<>()).add(r);
        }
        Set<String> effects = new HashSet<>();
        Map<String, Long> counters = new TreeMap<>();
        try (Session s = store.openSession()) {
            s.children(s.get("/effects")).forEach(n -> effects.add(CountingJob.runIdOfEffect(n.name())));
            s.children(s.get("/counters")).forEach(n -> counters.put(n.name(), Long.parseLong(n.object(Document.class).body())));
        }
        List<String> problems = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        Set<String> succeeded = new HashSet<>();
        for (Map.Entry<String, List<Run>> e : byKey.entrySet()) {
            Set<String> committed = new HashSet<>();
            for (Run r : e.getValue()) {
                recorded.add(r.runId());
                if (r.status().equals("SUCCEEDED")) {
                    committed.add(r.runId());
                } else if (!r.status().equals("ABANDONED")) {
                    problems.add(r.runId() + " ended " + r.status());
                }
            }
            succeeded.addAll(committed);
            Set<String> applied = new HashSet<>();
            for (String effect : effects) {
                if (keyOf(effect).equals(e.getKey())) {
                    applied.add(effect);
                }
            }
            if (committed.size() > 1) {
                problems.add("firing " + e.getKey() + " committed more than once: " + committed);
            }
            if (committed.isEmpty()) {
                problems.add("firing " + e.getKey() + " never committed: " + e.getValue());
            }
            if (!applied.equals(committed)) {
                problems.add("firing " + e.getKey() + ": effects of " + applied + ", SUCCEEDED records " + committed);
            }
        }
        for (String effect : effects) {
            if (!recorded.contains(effect)) {
                problems.add("effect of " + effect + ", which has no run record");
            }
        }
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            long applied = effects.stream().filter(effect -> effect.startsWith(counter.getKey() + "@")).count();
            if (counter.getValue() != applied) {
                problems.add("the counter of " + counter.getKey() + " says " + counter.getValue() + " for " + applied + " effects");
            }
        }
        List<String> commits = commitsOfCountingJobs(store);
        if (commits.size() != succeeded.size() || !succeeded.equals(new HashSet<>(commits))) {
            problems.add("commits of " + commits.size() + " runs " + (new HashSet<>(commits).size() < commits.size()
                    ? "(some twice) " : "") + "for " + succeeded.size() + " SUCCEEDED records");
        }
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perNode = new TreeMap<>();
        for (Run r : runs) {
            statuses.merge(r.status(), 1, Integer::sum);
            perNode.merge(r.startedBy(), 1, Integer::sum);
        }
        System.out.println("[stalls] " + byKey.size() + " firings in " + runs.size() + " attempts; " + statuses
                + "; attempts per node " + perNode + "; counters " + counters);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(byKey.size() >= 30, "only " + byKey.size() + " firings");
    }

    /** A counting job's commit records its run id in ns_tx: one per SUCCEEDED record, none for the others. */
    private static List<String> commitsOfCountingJobs(Store store) throws SQLException {
        List<String> runIds = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT run_id FROM ns_tx WHERE job_name = 'count'")) {
            while (rs.next()) {
                runIds.add(rs.getString(1));
            }
        }
        return runIds;
    }

    private static void counting(Store store) {
        try (Session s = store.openSession()) {
            s.create(s.root(), "effects", Folder.titled("effects"));
            Node counters = s.create(s.root(), "counters", Folder.titled("counters"));
            for (ScheduleEntry e : StallNodeMain.SCHEDULE.entries()) {
                s.create(counters, e.id(), Document.of(e.id(), "0"));
            }
            s.commit(TxInfo.system("setup"));
        }
    }

    /**
     * Slows every commit of a run in the database: the update of its record to SUCCEEDED (which holds the record's
     * row lock from the start of the trigger) sleeps up to 150 ms, then passes the gate, which the test can close.
     */
    private static void slowCommits(Store store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_sleep(random() * 0.15); PERFORM pg_advisory_xact_lock_shared(" + GATE + ");"
                    + " RETURN NEW; END $$");
            st.execute("CREATE TRIGGER test_slow_commit BEFORE UPDATE ON ns_run FOR EACH ROW"
                    + " WHEN (OLD.status = 'RUNNING' AND NEW.status = 'SUCCEEDED') EXECUTE FUNCTION test_slow_commit()");
        }
    }

    /** A run record, as far as this test reads it. */
    private record Run(String runId, String status, String startedBy, int backendPid) {
        @Override
        public String toString() {
            return runId + " " + status + " (" + startedBy + ")";
        }
    }

    private static final String RUN_COLUMNS = "run_id, status, started_by, backend_pid";

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
    }

    private static List<Run> runs(Store store) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + RUN_COLUMNS + " FROM ns_run WHERE job_name = 'count'"
                        + " ORDER BY started_at")) {
            while (rs.next()) {
                runs.add(run(rs));
            }
        }
        return runs;
    }

    /** The firing a run id belongs to: the id without its attempt number. */
    private static String keyOf(String runId) {
        return runId.replaceFirst("/[0-9]+$", "");
    }

    /** Every attempt of a firing and its status. */
    private static Map<String, String> attempts(Store store, String key) throws SQLException {
        Map<String, String> attempts = new LinkedHashMap<>();
        for (Run r : runs(store)) {
            if (keyOf(r.runId()).equals(key)) {
                attempts.put(r.runId(), r.status());
            }
        }
        return attempts;
    }

    /** A firing of the slow entry that started within the last half second: it has most of its work before it. */
    private static Run justStarted(Store store) throws SQLException {
        return first(store, "SELECT " + RUN_COLUMNS + " FROM ns_run WHERE status = 'RUNNING' AND left(run_id, 5) = 'slow@'"
                + " AND started_at > now() - interval '500 milliseconds' LIMIT 1");
    }

    /** The run whose commit waits at the gate the test holds (the others wait for the store's commit lock it holds). */
    private static Run heldAtGate(Store store, int gateBackend) throws SQLException {
        return first(store, "SELECT " + RUN_COLUMNS + " FROM ns_run WHERE status = 'RUNNING'"
                + " AND " + gateBackend + " = ANY (pg_blocking_pids(backend_pid)) LIMIT 1");
    }

    /** Whether some backend waits for a row that backend {@code holder} holds (the commits wait for an advisory lock). */
    private static boolean rowLockWaitsFor(Store store, int holder) throws SQLException {
        return first(store, "SELECT '', '', '', 0 FROM pg_locks l WHERE NOT l.granted AND l.locktype IN ('transactionid',"
                + " 'tuple') AND " + holder + " = ANY (pg_blocking_pids(l.pid)) LIMIT 1") != null;
    }

    private static Run first(Store store, String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? run(rs) : null;
        }
    }

    /** Whether every firing the node started an attempt of has a SUCCEEDED attempt (its own, or a recovered one). */
    private static boolean everyFiringCommitted(Store store, ChildNode node) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT DISTINCT"
                        + " regexp_replace(run_id, '/[0-9]+$', '') AS key FROM ns_run WHERE started_by = ?) k"
                        + " WHERE NOT EXISTS (SELECT 1 FROM ns_run r WHERE r.status = 'SUCCEEDED'"
                        + " AND regexp_replace(r.run_id, '/[0-9]+$', '') = k.key)")) {
            ps.setString(1, node.startedBy());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 0;
            }
        }
    }

    private static boolean committedSince(Store store, ChildNode node, Instant since) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ns_run WHERE started_by = ? AND status = 'SUCCEEDED'"
                        + " AND started_at > ? LIMIT 1")) {
            ps.setString(1, node.startedBy());
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static ChildNode nodeOf(List<ChildNode> nodes, Run run) {
        return nodes.stream().filter(n -> n.startedBy().equals(run.startedBy())).findFirst()
                .orElseThrow(() -> new AssertionError("no node started " + run));
    }

    /** Every run record, the nodes' database sessions, and the end of each node's output. */
    private static String diagnostics(Store store, List<ChildNode> nodes) {
        StringBuilder out = new StringBuilder("--- run records\n");
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT run_id, status, started_by, started_at, finished_at, attempts,"
                    + " backend_pid, left(error, 160) FROM ns_run ORDER BY started_at")) {
                while (rs.next()) {
                    out.append(String.format("%-40s %-9s %-14s %s  %s  attempts %d  backend %d  %s%n", rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null
                                    ? "-" : rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getInt(7),
                            rs.getString(8) == null ? "" : rs.getString(8)));
                }
            }
            out.append("--- the nodes' database sessions\n");
            try (ResultSet rs = st.executeQuery("SELECT pid, application_name, state, wait_event_type, wait_event,"
                    + " pg_blocking_pids(pid), left(query, 100) FROM pg_stat_activity WHERE application_name LIKE 'node %'"
                    + " ORDER BY application_name, pid")) {
                while (rs.next()) {
                    out.append(String.format("%6d %-8s %-20s %s/%s blocked by %s: %s%n", rs.getInt(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            out.append("(cannot read: ").append(e).append(")\n");
        }
        for (ChildNode n : nodes) {
            out.append("--- node ").append(n.id()).append(n.alive() ? "" : " (exited)").append('\n').append(n.tail(200)).append('\n');
        }
        return out.toString();
    }
}
