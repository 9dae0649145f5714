package nightshift.cli;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import nightshift.store.Store;
import nightshift.store.StoreException;

/** The read-only SQL behind {@code store ls} and {@code store stats}: the JDBC edge of the CLI. */
final class StoreQueries {
    private final DataSource db;

    StoreQueries(Store store) {
        this.db = store.dataSource();
    }

    /** When each of these transactions committed. */
    Map<Long, Instant> commitTimes(Collection<Long> tids) {
        Map<Long, Instant> times = new HashMap<>();
        if (tids.isEmpty()) {
            return times;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT tid, committed_at FROM ns_tx WHERE tid = ANY (?)")) {
            Array array = c.createArrayOf("bigint", tids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
            return times;
        } catch (SQLException e) {
            throw new StoreException("cannot read the commit times of tids " + tids + ": " + e.getMessage(), e);
        }
    }

    long count(String what, String sql) {
        Map<String, Long> rows = rows(what, sql);
        return rows.values().stream().findFirst().orElse(0L);
    }

    /** Rows of (text, number), in the query's order. */
    Map<String, Long> rows(String what, String sql) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
