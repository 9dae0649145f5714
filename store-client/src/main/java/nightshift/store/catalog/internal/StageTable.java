package nightshift.store.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog batch's own staging table, {@code ns_catalog_stage_<batch>}: unlogged, shaped like the empty template
 * {@code ns_catalog_stage}, dropped when the batch closes. A table per batch, not one shared table, so a million-row
 * batch leaves no dead rows for the next one to scan, and needs no index while it loads.
 *
 * <p>The batch holds a session-level advisory lock on its id, on its own connection, from before its table exists
 * until after it is dropped; a table whose lock no backend of the database holds belongs to a process that died,
 * and the next batch drops it. The key is the single-bigint form {@code KEY_BASE + id}: the whole id, in a range of
 * its own (the snapshot registry's keys lie below it, the scheduler's above). The sweep reads the holders from
 * {@code pg_locks} rather than trying the lock: advisory locks are re-entrant within one backend, so a try on the
 * backend that holds a live batch's lock would succeed and drop that batch's table.
 */
public final class StageTable {
    /** 'nc' in the top 16 bits; batch ids below 2^48. */
    static final long KEY_BASE = 0x6e63L << 48;
    private static final long MAX_ID = (1L << 48) - 1;
    private static final String PREFIX = "ns_catalog_stage_";
    /** Stage tables of this schema whose lock no backend of this database holds. */
    private static final String ID = "substring(t.relname FROM " + (PREFIX.length() + 1) + ")";
    private static final String DEAD = "SELECT t.relname FROM pg_class t"
            + " WHERE t.relkind = 'r' AND t.relname ~ '^ns_catalog_stage_[0-9]{1,15}$' AND t.relnamespace = 'public'::regnamespace"
            + " AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted"
            + "   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + "   AND ((l.classid::bigint << 32) | l.objid::bigint)"
            + "     = CASE WHEN " + ID + " ~ '^[0-9]{1,15}$' THEN " + KEY_BASE + " + " + ID + "::bigint END)";

    private StageTable() {
    }

    public static String name(long batch) {
        return PREFIX + batch;
    }

    /** Takes a batch id, locks it, sweeps the tables of dead batches, and creates this batch's table. */
    public static long create(Connection c) throws SQLException {
        long id;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT nextval('ns_catalog_batch_seq')")) {
            rs.next();
            id = rs.getLong(1);
        }
        if (id > MAX_ID) {
            throw new IllegalStateException("catalog batch id " + id + " is beyond the range of its lock keys;"
                    + " restart the sequence: ALTER SEQUENCE ns_catalog_batch_seq RESTART");
        }
        advisory(c, "SELECT pg_advisory_lock(?)", id);
        try {
            sweep(c);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE UNLOGGED TABLE " + name(id) + " (LIKE ns_catalog_stage INCLUDING DEFAULTS)");
            }
        } catch (SQLException | RuntimeException e) {
            release(c, id, e);
            throw e;
        }
        return id;
    }

    /** Drops the batch's table and releases its lock. */
    public static void drop(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + name(id));
        } catch (SQLException e) {
            release(c, id, e);
            throw e;
        }
        advisory(c, "SELECT pg_advisory_unlock(?)", id);
    }

    /** Releases the lock of a batch that failed, so that its table (if any) is swept later. */
    private static void release(Connection c, long id, Exception failure) {
        try {
            advisory(c, "SELECT pg_advisory_unlock(?)", id);
        } catch (SQLException e) {
            failure.addSuppressed(e); // the connection is broken: its backend's end releases the lock
        }
    }

    private static void sweep(Connection c) throws SQLException {
        List<String> dead = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DEAD)) {
            while (rs.next()) {
                dead.add(rs.getString(1));
            }
        }
        for (String table : dead) {
            // A dead batch's id is never locked again; two sweeps dropping the same table both succeed. A table only
            // its owner may drop (another database role's) is left for that role's next batch to sweep.
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table); // the batch's connection: autocommit, nothing to undo
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static void advisory(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, KEY_BASE + id);
            ps.executeQuery().close();
        }
    }
}
