package nightshift.store.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nightshift.store.Session;
import nightshift.store.catalog.internal.Sql;
import nightshift.store.catalog.internal.TreeQueries;

/**
 * The log of catalog subtrees marked current: each reindex (full or incremental) records the tid it brought a
 * subtree to and the tid it was at before, in its own commit. That is what makes a reindex undoable without
 * keeping old catalog rows: the rows as they were are the subtree indexed at the previous tid, which the store's
 * history can rebuild.
 */
public final class CatalogLog {
    /** A subtree moved from {@code previousTid} (null: not indexed before) to {@code tid} (null: dropped) by a run. */
    public record Entry(long id, String runId, String path, Long previousTid, Long tid) {
    }

    private CatalogLog() {
    }

    /** What the run did to the catalog state, oldest first. */
    public static List<Entry> ofRun(Catalog catalog, String runId) {
        return query(catalog, "SELECT log_id, run_id, path, previous_tid, tid FROM ns_catalog_log WHERE run_id = ? ORDER BY log_id",
                runId);
    }

    /** Later entries for the same subtree, one inside it, or one around it: they built on this one. */
    public static List<Entry> laterOverlapping(Catalog catalog, Entry entry) {
        List<Entry> later = new ArrayList<>();
        for (Entry e : query(catalog, "SELECT log_id, run_id, path, previous_tid, tid FROM ns_catalog_log WHERE log_id > ?"
                + " ORDER BY log_id", entry.id())) {
            if (TreeQueries.inSubtree(e.path(), entry.path()) || TreeQueries.inSubtree(entry.path(), e.path())) {
                later.add(e);
            }
        }
        return later;
    }

    /**
     * Puts the subtree's catalog back as the entry found it, into {@code batch}: indexed afresh at the previous tid
     * (read through the store's history), or dropped when it had not been indexed. The next incremental reindex
     * then brings it forward again. Fails with a {@code StoreException} when pack removed that history.
     */
    public static ReindexReport revert(Catalog catalog, Entry entry, CatalogBatch batch, Reindexer.Listener listener) {
        if (entry.previousTid() == null) {
            batch.replaceSubtree(entry.path(), Set.of());
            batch.unmarkIndexed(entry.path());
            return new ReindexReport(entry.path(), true, 0, batch.removals(), 0, List.of(), 0);
        }
        try (Session past = catalog.store().openSessionAt(entry.previousTid())) {
            return Reindexer.run(catalog, past, batch, new Reindexer.Options(entry.path(), false, Set.of(), false), listener);
        }
    }

    private static List<Entry> query(Catalog catalog, String sql, Object key) {
        return Sql.run("reading the catalog log", () -> {
            List<Entry> out = new ArrayList<>();
            try (Connection c = catalog.store().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), nullable(rs, 4), nullable(rs, 5)));
                    }
                }
            }
            return out;
        });
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
