package nightshift.store.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a staging table's indexed rows into {@code ns_catalog} (the newest staged row of each oid wins; a row
 * already equal is left alone). Inside a commit that holds the store's commit lock it is one statement. Otherwise
 * (a reindex commits nothing but catalog rows, without that lock) a big table goes in chunks of its blocks, and the
 * caller's pacing runs between two chunks: one statement of a million rows writes its whole log at once, and every
 * other commit of the server waits behind it for the disk.
 */
public final class CatalogUpsert {
    /** Staged rows per chunk, about; a chunk's log is what a small commit may find ahead of its own. */
    static final int CHUNK_ROWS = 5_000;
    private static final String COLUMNS = "path, parent_path, type_name, title, owner, created, modified, tid, text, extra";

    private final String table;
    private final long tid;

    /**
     * @param table the staging table
     * @param tid   the commit's tid, whose own writes' rows get it; 0 for a commit that writes no node
     */
    public CatalogUpsert(String table, long tid) {
        this.table = table;
        this.tid = tid;
    }

    /** Upserts every indexed row; {@code indexed} is how many were staged, {@code pace} runs between two chunks. */
    public void run(Connection c, long indexed, Runnable pace) throws SQLException {
        if (tid != 0 || indexed < 2L * CHUNK_ROWS || !oneRowPerOid(c)) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(sql(""));
            }
            return;
        }
        long blocks = blocks(c);
        long chunks = Math.max(1, (indexed + CHUNK_ROWS - 1) / CHUNK_ROWS);
        long step = Math.max(1, (blocks + chunks - 1) / chunks);
        try (PreparedStatement ps = c.prepareStatement(sql(" AND ctid >= ?::tid AND ctid < ?::tid"))) {
            for (long from = 0; from <= blocks; from += step) {
                pace.run();
                ps.setString(1, "(" + from + ",0)");
                ps.setString(2, "(" + (from + step) + ",0)");
                ps.executeUpdate();
            }
        }
    }

    /**
     * The upsert, over the staged rows that also match {@code where}. A node this very commit wrote was staged with
     * the tid it was read at (0 if new): its row gets the commit's.
     */
    private String sql(String where) {
        StringBuilder set = new StringBuilder();
        StringBuilder old = new StringBuilder();
        StringBuilder neu = new StringBuilder();
        for (String col : COLUMNS.split(", ")) {
            set.append(set.length() == 0 ? "" : ", ").append(col).append(" = EXCLUDED.").append(col);
            old.append(old.length() == 0 ? "" : ", ").append("ns_catalog.").append(col);
            neu.append(neu.length() == 0 ? "" : ", ").append("EXCLUDED.").append(col);
        }
        String select = tid == 0 ? "SELECT oid, " + COLUMNS + " FROM latest WHERE kind = 'i'"
                : "SELECT l.oid, l.path, l.parent_path, l.type_name, l.title, l.owner, l.created, l.modified,"
                + " CASE WHEN o.tid = " + tid + " THEN o.tid ELSE l.tid END, l.text, l.extra"
                + " FROM latest l LEFT JOIN ns_object o ON o.oid = l.oid AND o.end_tid IS NULL WHERE l.kind = 'i'";
        return latest(where) + "INSERT INTO ns_catalog (oid, " + COLUMNS + ") " + select
                + " ON CONFLICT (oid) DO UPDATE SET " + set
                + " WHERE (" + old + ") IS DISTINCT FROM (" + neu + ")";
    }

    /** The newest staged row (indexed or removed) of each oid among those matching {@code where}. */
    public String latest(String where) {
        return "WITH latest AS (SELECT DISTINCT ON (oid) * FROM " + table + " WHERE kind IN ('i', 'r')" + where
                + " ORDER BY oid, seq DESC) ";
    }

    /** Whether no oid was staged twice: then a chunk of the table holds the newest row of each of its oids. */
    private boolean oneRowPerOid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table
                + " WHERE kind IN ('i', 'r') GROUP BY oid HAVING count(*) > 1)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private long blocks(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_relation_size('" + table
                + "') / current_setting('block_size')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
