package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.postgresql.PGConnection;

/**
 * Which snapshots open sessions read at, so that pack never removes a version one of them may still read. Each
 * session holds a shared, session-level advisory lock whose key encodes its snapshot tid, on the connection it keeps
 * for its life. Nothing is written: taking the lock rides on the statement that reads the newest tid, and a session
 * whose process dies loses its lock with its connection, so a crash never holds pack back.
 *
 * <p>The key is the single-bigint form {@code KEY_BASE + tid} (tids below 2^40). Pack reads the smallest one back from
 * {@code pg_locks}, where such a key shows as classid (high 32 bits) and objid (low 32 bits) with objsubid 1.
 */
public final class Snapshots {
    static final long KEY_BASE = 0x6e74L << 40;
    private static final long MAX_TID = (1L << 40) - 1;
    /** The second half of the horizon lock's two-int key; the first is the commit lock's class. */
    private static final int HORIZON_LOCK = 2;
    private static final String OLDEST = "SELECT min(((classid::bigint << 32) | objid::bigint) - " + KEY_BASE + ")"
            + " FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND classid::bigint >= " + (KEY_BASE >>> 32) + " AND classid::bigint < " + ((KEY_BASE + MAX_TID + 1) >>> 32);

    private Snapshots() {
    }

    /**
     * Reads the newest committed tid, registers it as this connection's snapshot, releasing {@code previous} (a tid,
     * or -1), and brings {@code cache} up to it: one statement, where a session's start used to take three.
     */
    static long registerLatest(Connection c, long previous, ObjectCache cache) throws SQLException {
        Registration r = new Registration(previous, cache);
        try (PreparedStatement ps = c.prepareStatement(r.sql)) {
            int p = 1;
            for (Object value : r.parameters) {
                ps.setObject(p++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return r.read(rs);
            }
        }
    }

    /**
     * The statement that registers the newest snapshot, built now (from the cache's poll position) and read later:
     * {@link #registerLatest}, or a read-ahead sent with a caller's own statements ({@link Ahead}).
     */
    static final class Registration {
        private final ObjectCache cache;
        private final long from;
        private final boolean releases;
        final String sql;
        final List<Object> parameters = new ArrayList<>();

        Registration(long previous, ObjectCache cache) {
            this.cache = cache;
            this.from = cache.pollFrom();
            this.releases = previous >= 0;
            // With the change poll, a plan over ns_object: made again as the store doubles (Committer.planGeneration).
            StringBuilder sql = new StringBuilder(from >= 0 ? Committer.planGeneration(from) : "")
                    .append("SELECT t, pg_advisory_lock_shared(? + t)");
            parameters.add(KEY_BASE);
            if (releases) {
                sql.append(", pg_advisory_unlock_shared(?)");
                parameters.add(key(previous));
            }
            if (from >= 0) {
                sql.append(", ARRAY(").append(cache.changedSince()).append(")");
                parameters.add(from);
                parameters.add(from);
            }
            this.sql = sql.append(" FROM (SELECT coalesce(max(tid), 0) AS t FROM ns_tx) x").toString();
        }

        /** Reads the registered tid and brings the cache up to it. */
        long read(ResultSet rs) throws SQLException {
            rs.next();
            long tid = rs.getLong(1);
            List<Long> changed = from >= 0 ? List.of((Long[]) rs.getArray(releases ? 4 : 3).getArray()) : null;
            if (tid > MAX_TID) {
                throw new IllegalStateException("tid " + tid + " is beyond the snapshot registry's range");
            }
            cache.advance(from, tid, changed);
            return tid;
        }
    }

    /**
     * A snapshot registered ahead, on a connection a caller sends its own statements on ({@code SnapshotReadAhead}):
     * the next session opened on that connection starts at it instead of registering one. Until a session takes it,
     * the registration is the caller's to release.
     */
    public static final class Ahead {
        private final Registration registration;
        private long tid = -1;
        private int backendPid;
        private boolean taken;

        Ahead(ObjectCache cache) {
            this.registration = new Registration(-1, cache);
        }

        public String sql() {
            return registration.sql;
        }

        public List<Object> parameters() {
            return java.util.Collections.unmodifiableList(registration.parameters);
        }

        public void read(Statement st) throws SQLException {
            try (ResultSet rs = st.getResultSet()) {
                tid = registration.read(rs);
            }
            backendPid = st.getConnection().unwrap(PGConnection.class).getBackendPID();
        }

        public boolean isRead() {
            return tid >= 0;
        }

        /**
         * The snapshot, for a session on {@code c}; -1 if it is not on that connection's backend (the lock is that
         * backend's), already taken, or not read.
         */
        long take(Connection c) throws SQLException {
            if (taken || tid < 0 || c.unwrap(PGConnection.class).getBackendPID() != backendPid) {
                return -1;
            }
            taken = true;
            return tid;
        }

        /** Releases the registration on {@code c}, its connection, unless a session took it. */
        public void releaseUnlessTaken(Connection c) throws SQLException {
            if (!taken && tid >= 0) {
                taken = true;
                release(c, tid);
            }
        }
    }

    /**
     * Takes, until the end of the caller's transaction, the lock that keeps a pack's horizon and an older snapshot's
     * registration apart: a pack holds it alone from reading the oldest registered snapshot until its horizon is
     * committed, a session registering an older snapshot shares it until it has read the horizon. So either the pack
     * sees the registration and stays below it, or the session sees the new horizon and refuses to read below it.
     */
    public static void lockHorizon(Connection c, boolean exclusive) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock" + (exclusive ? "" : "_shared") + "(" + Committer.LOCK_CLASS + ", "
                    + HORIZON_LOCK + ")");
        }
    }

    /** Registers an older snapshot (a session reading the past); the caller checks it has not been packed. */
    static void register(Connection c, long tid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock_shared(?)")) {
            ps.setLong(1, key(tid));
            ps.executeQuery().close();
        }
    }

    /** Releases a registration; its one parameter is the snapshot's {@link #key}. */
    static final String RELEASE = "SELECT pg_advisory_unlock_shared(?)";

    static long key(long tid) {
        return KEY_BASE + tid;
    }

    static void release(Connection c, long tid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setLong(1, key(tid));
            ps.executeQuery().close();
        }
    }

    /** The oldest snapshot any open session of this database reads at, if any session is open. */
    public static OptionalLong oldest(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OLDEST)) {
            rs.next();
            long tid = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(tid);
        }
    }

    /** The newest pack horizon: versions that ended at or before it may have been removed (0 when never packed). */
    public static long packHorizon(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(horizon), 0) FROM ns_pack")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
