package nightshift.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import nightshift.store.internal.Snapshots;

/**
 * Removes history: the versions of nodes that were replaced or deleted before a horizon, and the transaction rows
 * nothing refers to any more. The current version of every node is always kept, and so is every version a snapshot
 * inside the keep window, or an open session's snapshot, may read.
 *
 * <p>The horizon is the newest tid committed before the window (and never within the last minute, so a session that
 * is registering its snapshot right now cannot lose it), lowered to the oldest snapshot an open session reads at.
 * It is recorded (committed) before anything is removed, so caches and incremental reindexes that last looked
 * before it start over instead of trusting history that is gone. Removal then runs in short transactions of
 * {@code batchSize} versions, each taking row locks only on versions no one writes again: the live site never
 * waits on pack, and a pack stopped at any point (killed, timed out) leaves a consistent store; run it again to
 * finish.
 */
public final class Pack {
    /** No version that ended within this long is removed, whatever the window. */
    static final Duration SAFETY = Duration.ofMinutes(1);

    /**
     * How much history to keep, and how many versions to remove per transaction. A batch's log is flushed with its
     * commit, and another writer's commit arriving then waits for it: {@link #DEFAULT_BATCH} keeps that short.
     */
    public record Options(Duration keep, int batchSize) {
        public static final int DEFAULT_BATCH = 1_000;

        public Options {
            if (keep == null || keep.isNegative()) {
                throw new IllegalArgumentException("keep must be zero or more");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
        }

        public static Options keepDays(int days) {
            return new Options(Duration.ofDays(days), DEFAULT_BATCH);
        }
    }

    /**
     * What one pack did: the horizon it used, what held it back ({@code limitedBy}: the window or an open
     * session), and what it removed. {@code complete} is false when it was stopped between batches.
     */
    public record Report(long horizon, String limitedBy, long states, long stateBytes, long transactions, boolean complete) {
        public String summary() {
            if (horizon <= 0) {
                return "nothing to pack: no transaction is older than the window (" + limitedBy + ")";
            }
            return String.format("packed to tid %d (%s): removed %,d old versions (%s of state) and %,d transactions%s",
                    horizon, limitedBy, states, bytes(stateBytes), transactions, complete ? "" : "; stopped before the end, run it again to finish");
        }

        static String bytes(long n) {
            if (n < 1024) {
                return n + " B";
            }
            if (n < 1024 * 1024) {
                return String.format("%.1f kB", n / 1024.0);
            }
            return String.format("%.1f MB", n / (1024.0 * 1024));
        }
    }

    /** Told after each batch what it removed, for progress. */
    public interface Listener {
        Listener NONE = (states, bytes) -> { };

        void removed(long states, long bytes);
    }

    private static final String REMOVE_VERSIONS = "WITH gone AS (DELETE FROM ns_object WHERE ctid = ANY (ARRAY("
            + "SELECT ctid FROM ns_object WHERE end_tid IS NOT NULL AND end_tid <= ? LIMIT ?))"
            + " RETURNING pg_column_size(state) AS bytes)"
            + " SELECT count(*), coalesce(sum(bytes), 0) FROM gone";
    // Transactions below the horizon that no remaining version was written by, over one range of tids. The newest
    // transaction row is never below the horizon: the store's newest tid is read from it.
    private static final String REMOVE_TRANSACTIONS = "DELETE FROM ns_tx t WHERE t.tid > ? AND t.tid <= ? AND t.tid < ?"
            + " AND t.tid NOT IN (SELECT o.tid FROM ns_object o WHERE o.tid > ? AND o.tid <= ?)";

    private Pack() {
    }

    /** The horizon a pack would use now, and why; removes nothing. */
    public static Report plan(Store store, Options options) {
        return sql("planning a pack", () -> {
            try (Connection c = store.dataSource().getConnection()) {
                return horizon(c, options);
            }
        });
    }

    /** How many versions a pack to {@code horizon} would remove (a dry run). */
    public static long removable(Store store, long horizon) {
        return sql("counting old versions", () -> {
            try (Connection c = store.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_object WHERE end_tid IS NOT NULL AND end_tid <= ?")) {
                ps.setLong(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Packs, as {@code user} (recorded in {@code ns_pack}; the caller checks the user may). {@code stop} is asked
     * between batches.
     */
    public static Report run(Store store, String user, Options options, Listener listener, BooleanSupplier stop) {
        return sql("packing the store", () -> {
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(true);
                Recorded recorded = recordHorizon(c, options, user);
                Report plan = recorded.plan();
                long horizon = plan.horizon();
                if (horizon <= 0) {
                    return plan;
                }
                long packId = recorded.packId();
                long states = 0;
                long bytes = 0;
                boolean complete = true;
                while (complete) {
                    long[] batch = removeVersions(c, packId, horizon, options.batchSize());
                    if (batch[0] == 0) {
                        break;
                    }
                    states += batch[0];
                    bytes += batch[1];
                    listener.removed(batch[0], batch[1]);
                    complete = !stop.getAsBoolean();
                }
                long transactions = 0;
                if (complete) {
                    long[] tx = removeTransactions(c, packId, horizon, options.batchSize(), stop);
                    transactions = tx[0];
                    complete = tx[1] == 1;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE ns_pack SET finished_at = clock_timestamp() WHERE pack_id = ?")) {
                    ps.setLong(1, packId);
                    ps.executeUpdate();
                }
                return new Report(horizon, plan.limitedBy(), states, bytes, transactions, complete);
            }
        });
    }

    /** The horizon a pack uses, and its {@code ns_pack} row (0 when there is nothing to pack). */
    private record Recorded(Report plan, long packId) {
    }

    /**
     * Works out the horizon and commits it, in one transaction that holds the horizon lock throughout: a session
     * registering an older snapshot meanwhile waits, then sees the new horizon and refuses to read below it
     * ({@link Store#openSessionAt}); one that registered before is seen here and holds the horizon back.
     */
    private static Recorded recordHorizon(Connection c, Options options, String user) throws SQLException {
        c.setAutoCommit(false);
        try {
            Snapshots.lockHorizon(c, true);
            Report plan = horizon(c, options);
            long packId = plan.horizon() <= 0 ? 0 : record(c, plan.horizon(), user);
            c.commit();
            return new Recorded(plan, packId);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static Report horizon(Connection c, Options options) throws SQLException {
        long window;
        Duration keep = options.keep().compareTo(SAFETY) < 0 ? SAFETY : options.keep();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(tid), 0) FROM ns_tx"
                + " WHERE committed_at < clock_timestamp() - ? * interval '1 millisecond'")) {
            ps.setLong(1, keep.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                window = rs.getLong(1);
            }
        }
        OptionalLong oldest = Snapshots.oldest(c);
        if (oldest.isPresent() && oldest.getAsLong() < window) {
            return new Report(oldest.getAsLong(), "held back by an open session reading at tid " + oldest.getAsLong(), 0, 0, 0, true);
        }
        return new Report(window, "keeping " + describe(options.keep()) + " of history", 0, 0, 0, true);
    }

    private static String describe(Duration keep) {
        if (keep.toDays() > 0 && keep.equals(Duration.ofDays(keep.toDays()))) {
            return keep.toDays() == 1 ? "1 day" : keep.toDays() + " days";
        }
        return keep.toMinutes() < 1 ? "the last minute" : keep.toString();
    }

    private static long record(Connection c, long horizon, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_pack (horizon, user_name) VALUES (?, ?) RETURNING pack_id")) {
            ps.setLong(1, horizon);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One batch and its tally, in one short transaction: [versions, bytes]. */
    private static long[] removeVersions(Connection c, long packId, long horizon, int batchSize) throws SQLException {
        c.setAutoCommit(false);
        try {
            long[] out = new long[2];
            try (PreparedStatement ps = c.prepareStatement(REMOVE_VERSIONS)) {
                ps.setLong(1, horizon);
                ps.setInt(2, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out[0] = rs.getLong(1);
                    out[1] = rs.getLong(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ns_pack SET states = states + ?, state_bytes = state_bytes + ? WHERE pack_id = ?")) {
                ps.setLong(1, out[0]);
                ps.setLong(2, out[1]);
                ps.setLong(3, packId);
                ps.executeUpdate();
            }
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Walks the tids below the horizon in ranges of {@code batchSize}, one short statement each: [removed, 1 if it got to the end]. */
    private static long[] removeTransactions(Connection c, long packId, long horizon, int batchSize, BooleanSupplier stop) throws SQLException {
        long first;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(min(tid), 0) FROM ns_tx")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
            }
        }
        long removed = 0;
        for (long from = first - 1; from < horizon - 1; from += batchSize) {
            if (stop.getAsBoolean()) {
                return new long[] {removed, 0};
            }
            long to = Math.min(from + batchSize, horizon);
            try (PreparedStatement ps = c.prepareStatement(REMOVE_TRANSACTIONS)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setLong(3, horizon);
                ps.setLong(4, from);
                ps.setLong(5, to);
                int n = ps.executeUpdate();
                removed += n;
                if (n > 0) {
                    try (PreparedStatement up = c.prepareStatement("UPDATE ns_pack SET transactions = transactions + ? WHERE pack_id = ?")) {
                        up.setLong(1, n);
                        up.setLong(2, packId);
                        up.executeUpdate();
                    }
                }
            }
        }
        return new long[] {removed, 1};
    }

    private interface SqlAction<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(String doing, SqlAction<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                throw new StoreUnavailableException("lost the connection to the store while " + doing + ": " + e.getMessage()
                        + "; what was removed so far stays removed and the store is consistent, run pack again", e);
            }
            throw new StoreException("database error while " + doing + ": " + e.getMessage(), e);
        }
    }
}
