package nightshift.jobs.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import nightshift.store.ChangeSummary;
import nightshift.store.spi.CommitHook;
import nightshift.store.spi.ReadAhead;

/**
 * The {@code ns_run} table, and the one place the job layer speaks SQL. Every update that ends a run is
 * conditional on the run still being RUNNING, so whichever ending happens first (commit, timeout, a sweep that
 * found it abandoned) is the only one.
 */
public final class RunTable {
    private static final String COLUMNS = "run_id, job_name, lock_key, parameters, store_user, os_user, host, pid,"
            + " started_by, dry_run, status, started_at, finished_at, attempts, tid, created, modified, deleted,"
            + " progress_done, progress_total, progress_at, error, stack";
    private static final int MAX_ERROR = 2_000;
    private static final int MAX_STACK = 20_000;

    private RunTable() {
    }

    /**
     * What a new record says about the run: everything known when it starts, and the key of the run's liveness lock
     * ({@link LockKeys#newRun}, drawn for each run unless given).
     */
    public record Start(String runId, String jobName, String lockKey, String parameters, String storeUser,
            String startedBy, boolean dryRun, long runKey) {
        public Start(String runId, String jobName, String lockKey, String parameters, String storeUser, String startedBy,
                boolean dryRun) {
            this(runId, jobName, lockKey, parameters, storeUser, startedBy, dryRun, LockKeys.newRun());
        }
    }

    /**
     * Records the run as RUNNING (its job's lock already held) and takes the run's liveness lock in the same statement,
     * so that no RUNNING record is ever without it. A caller whose insert failed releases both ({@link JobLock}).
     */
    public static void insertRunning(Connection c, Start s, Instant now) throws SQLException {
        if (!insert(c, s, RunStatus.RUNNING, now, null, null, true, false, List.of())) {
            throw new SQLException("the liveness lock of run " + s.runId() + " is held by another connection;"
                    + " run it again, which draws another key");
        }
    }

    /**
     * Takes the job's lock without waiting ({@link JobLock}) and, only if it got it, the run's liveness lock and
     * records the run as RUNNING: one round trip instead of two. False, with nothing recorded, when another run holds
     * the job's lock. A session-level advisory lock outlives a rolled-back statement, so a caller whose insert failed
     * must release the locks. {@code aheads} are read in the same round trip (whether or not the lock was had): the
     * run's user, its snapshot.
     */
    public static boolean lockAndInsertRunning(Connection c, Start s, Instant now, List<ReadAhead> aheads) throws SQLException {
        return insert(c, s, RunStatus.RUNNING, now, null, null, true, true, aheads);
    }

    /** A run that never started its job (its lock was held): inserted already finished. */
    public static void insertFinished(Connection c, Start s, RunStatus status, Instant now, String error) throws SQLException {
        insert(c, s, status, now, now, error, false, false, List.of());
    }

    /**
     * With {@code unflushed}, the insert commits without waiting for its WAL to reach disk (synchronous_commit off for
     * this one transaction): a RUNNING record is made durable by the run's own commit, which flushes the WAL up to
     * itself and so this record too; a server crash before that loses the record together with everything the run
     * did. That spares a small run one of its two waits for the disk. With {@code lock}, the row is inserted only if the job's lock
     * was free, and the lock is then held. A RUNNING row is inserted only with the run's liveness lock, which no other
     * connection holds, as its key is the run's own; the job's lock is tried first ({@code CASE} fixes the order), so
     * a run that is skipped never takes it. The backend's start time comes from {@code pg_stat_get_activity} of this
     * backend alone: the {@code pg_stat_activity} view reads every backend's entry, and costs more to plan in a fresh
     * connection, which a cron run always is. The read-aheads run under their generic plans ({@code plan_cache_mode}
     * for this transaction only): they are sent with every run, and the snapshot registration's custom plan, which
     * the planner prefers because its generic estimate of the object cache's change poll is a large share of
     * ns_object, cost more to plan at every run than to execute.
     */
    private static boolean insert(Connection c, Start s, RunStatus status, Instant started, Instant finished, String error,
            boolean unflushed, boolean lock, List<ReadAhead> aheads) throws SQLException {
        String settings = (unflushed ? ", (SELECT set_config('synchronous_commit', 'off', true)) unflushed" : "")
                + (aheads.isEmpty() ? "" : ", (SELECT set_config('plan_cache_mode', 'force_generic_plan', true)) generic");
        boolean live = status == RunStatus.RUNNING;
        String locked = lock ? " WHERE CASE WHEN pg_try_advisory_lock(?) THEN pg_try_advisory_lock(?) ELSE false END"
                : live ? " WHERE pg_try_advisory_lock(?)" : "";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_run (run_id, job_name, lock_key, parameters,"
                + " store_user, os_user, host, pid, started_by, dry_run, status, started_at, finished_at, error,"
                + " backend_pid, backend_start, run_key) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz,"
                + " ?, pg_backend_pid(), (SELECT backend_start FROM pg_stat_get_activity(pg_backend_pid())" + settings + "), ?"
                + locked + aheads.stream().map(a -> ";\n" + a.sql()).collect(Collectors.joining()))) {
            ps.setString(1, s.runId());
            ps.setString(2, s.jobName());
            ps.setString(3, s.lockKey());
            ps.setString(4, s.parameters());
            ps.setString(5, s.storeUser());
            ps.setString(6, System.getProperty("user.name"));
            ps.setString(7, Hosts.local());
            ps.setLong(8, ProcessHandle.current().pid());
            ps.setString(9, s.startedBy());
            ps.setBoolean(10, s.dryRun());
            ps.setString(11, status.name());
            ps.setTimestamp(12, Timestamp.from(started));
            ps.setTimestamp(13, finished == null ? null : Timestamp.from(finished));
            ps.setString(14, truncate(error, MAX_ERROR));
            ps.setLong(15, s.runKey());
            int p = 16;
            if (lock) {
                ps.setLong(p++, LockKeys.job(s.lockKey()));
            }
            if (live) {
                ps.setLong(p++, s.runKey());
            }
            if (aheads.isEmpty()) {
                return ps.executeUpdate() == 1;
            }
            for (ReadAhead ahead : aheads) {
                for (Object value : ahead.parameters()) {
                    ps.setObject(p++, value);
                }
            }
            ps.execute();
            boolean inserted = ps.getUpdateCount() == 1;
            for (ReadAhead ahead : aheads) {
                ps.getMoreResults();
                ahead.read(ps);
            }
            return inserted;
        }
    }

    private static final String FINISH = "UPDATE ns_run SET status = ?, finished_at = ?, attempts = ?, tid = ?,"
            + " created = ?, modified = ?, deleted = ?, error = ?, stack = ? WHERE run_id = ? AND status = 'RUNNING'";

    /** Ends a RUNNING run; false if it had already ended (then nothing is changed). */
    public static boolean finish(Connection c, String runId, RunStatus status, int attempts, Long tid,
            ChangeSummary changes, Throwable error, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            List<Object> values = finishValues(runId, status, attempts, tid, changes, error, now);
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * A run's success, recorded by its own commit ({@link CommitHook#withCommit}): the statement ends the run if it
     * is still RUNNING and otherwise refuses the commit, so a run that a timeout or another node already ended (a
     * fenced scheduler firing) never commits.
     */
    public static CommitHook.Statement succeededWithCommit(String runId, int attempts, ChangeSummary changes, Instant now) {
        List<Object> values = new ArrayList<>(finishValues(runId, RunStatus.SUCCEEDED, attempts, null, changes, null, now));
        values.remove(3); // the tid: the commit's own, ns_tid(), which the client may not know yet
        values.add("run " + runId + " is no longer RUNNING in the run records; refusing to commit it");
        return new CommitHook.Statement("WITH ended AS (" + FINISH.replace("tid = ?", "tid = ns_tid()") + " RETURNING 1)"
                + " SELECT ns_require(EXISTS (SELECT 1 FROM ended), ?)", values);
    }

    private static List<Object> finishValues(String runId, RunStatus status, int attempts, Long tid,
            ChangeSummary changes, Throwable error, Instant now) {
        return Arrays.asList(status.name(), Timestamp.from(now), attempts, tid,
                changes == null ? null : changes.created(),
                changes == null ? null : changes.modified() + changes.moved(),
                changes == null ? null : changes.deleted(),
                error == null ? null : truncate(oneLine(error), MAX_ERROR),
                error == null ? null : truncate(stackOf(error), MAX_STACK), runId);
    }

    public static void progress(Connection c, String runId, long done, long total, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ns_run SET progress_done = ?, progress_total = ?,"
                + " progress_at = ? WHERE run_id = ? AND status = 'RUNNING'")) {
            ps.setLong(1, done);
            ps.setLong(2, total);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Marks ABANDONED every RUNNING run whose liveness lock no connection holds: the run's connection held it from the
     * insert of its record, and PostgreSQL releases it when the client process dies and its backend ends. Returns how
     * many. {@code pg_locks} shows every role's locks to every role; a record without a key (written before there
     * were any) is judged by its backend as before: {@code pg_stat_get_activity} of its pid, whose start time only
     * the backend's own role, or one that may read all statistics, can see.
     */
    public static int markAbandoned(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ns_run r SET status = 'ABANDONED', finished_at = ?,"
                + " error = 'the process running it ended without finishing it (killed, or the machine went down);"
                + " nothing of it was committed' WHERE r.status = 'RUNNING' AND CASE WHEN r.run_key IS NULL"
                + " THEN NOT EXISTS (SELECT 1 FROM pg_stat_get_activity(r.backend_pid) a WHERE a.backend_start = r.backend_start)"
                + " ELSE NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = r.run_key) END")) {
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        }
    }

    /** Deletes up to {@code batch} finished runs older than the retention window; returns how many. */
    public static int prune(Connection c, Duration retention, Instant now, int batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ns_run WHERE run_id IN (SELECT run_id FROM ns_run"
                + " WHERE started_at < ? AND status <> 'RUNNING' ORDER BY started_at LIMIT ?)")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(retention)));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        }
    }

    public static List<RunRecord> list(Connection c, String job, RunStatus status, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ns_run WHERE true");
        if (job != null) {
            sql.append(" AND job_name = ?");
        }
        if (status != null) {
            sql.append(" AND status = ?");
        }
        sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (job != null) {
                ps.setString(i++, job);
            }
            if (status != null) {
                ps.setString(i++, status.name());
            }
            ps.setInt(i, limit);
            return read(ps);
        }
    }

    /**
     * The kind of starter a record names: the first word of {@code started_by} ({@code scheduler:node-1} is
     * {@code scheduler}). Command-line runs were recorded as {@code cli} or {@code script} before the command told a
     * terminal from cron; they count as {@code cron}, which most of them were.
     */
    private static final String STARTER_KIND = "CASE WHEN started_by IN ('cli', 'script') THEN 'cron'"
            + " ELSE split_part(started_by, ':', 1) END";

    /**
     * The latest run of every job, or with {@code successfulOnly} its latest success, among the runs whose starter's
     * kind is one of {@code kinds} (null: every run).
     */
    public static List<RunRecord> latestPerJob(Connection c, boolean successfulOnly, Set<String> kinds) throws SQLException {
        String sql = "SELECT DISTINCT ON (job_name) " + COLUMNS + " FROM ns_run WHERE true"
                + (successfulOnly ? " AND status = 'SUCCEEDED' AND NOT dry_run" : "")
                + (kinds == null ? "" : " AND " + STARTER_KIND + " = ANY (?)")
                + " ORDER BY job_name, started_at DESC";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (kinds != null) {
                ps.setArray(1, c.createArrayOf("text", kinds.toArray()));
            }
            return read(ps);
        }
    }

    public static RunRecord find(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ns_run WHERE run_id = ?")) {
            ps.setString(1, runId);
            List<RunRecord> found = read(ps);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** Whether any run of this lock key ever committed a transaction recorded under this run id (for exactly-once). */
    public static boolean committed(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ns_run WHERE run_id = ? AND status = 'SUCCEEDED'")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<RunRecord> read(PreparedStatement ps) throws SQLException {
        List<RunRecord> records = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long tid = rs.getLong(15);
                OptionalLong optionalTid = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(tid);
                records.add(new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                        rs.getBoolean(10), RunStatus.valueOf(rs.getString(11)), instant(rs, 12), instant(rs, 13),
                        rs.getInt(14), optionalTid, rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19),
                        rs.getLong(20), instant(rs, 21), rs.getString(22), rs.getString(23)));
            }
        }
        return records;
    }

    public static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM ns_run")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The error as one line: its message, or its class when it has none. */
    public static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String stackOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
