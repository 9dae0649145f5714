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
 * batch leaves no dead rows for the next one to scan, and needs no index while it loads. The batch holds a
 * session-level advisory lock on its id while it lives; a table whose lock anyone can take belongs to a process
 * that died, and the next batch drops it.
 */
public final class StageTable {
    /** First half of the two-int advisory key ('nsCB'); the second is the batch id. */
    private static final int LOCK_CLASS = 0x6E734342;
    private static final String PREFIX = "ns_catalog_stage_";

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
        lock(c, "pg_advisory_lock", id);
        sweep(c);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE UNLOGGED TABLE " + name(id) + " (LIKE ns_catalog_stage INCLUDING DEFAULTS)");
        }
        return id;
    }

    /** Drops the batch's table and releases its lock. */
    public static void drop(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + name(id));
        }
        lock(c, "pg_advisory_unlock", id);
    }

    private static void sweep(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT relname FROM pg_class"
                + " WHERE relkind = 'r' AND relname LIKE 'ns\\_catalog\\_stage\\_%' AND relnamespace = 'public'::regnamespace")) {
            while (rs.next()) {
                ids.add(Long.parseLong(rs.getString(1).substring(PREFIX.length())));
            }
        }
        for (long other : ids) {
            if (lock(c, "pg_try_advisory_lock", other)) {
                drop(c, other);
            }
        }
    }

    private static boolean lock(Connection c, String function, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, (int) id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return !"false".equals(rs.getString(1));
            }
        }
    }
}
