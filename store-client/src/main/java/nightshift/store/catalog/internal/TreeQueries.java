package nightshift.store.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The reindex's questions to {@code ns_object} and {@code ns_catalog}, answered set-based. */
public final class TreeQueries {
    private final DataSource dataSource;

    public TreeQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * {@link #parentsAmong}: per node, a probe of the current children's index, then (for a node without current
     * children) of the old versions' one. Scalar subqueries ordered as the index is, with LIMIT 1: as EXISTS, the
     * planner drops the order and the limit, and where most nodes share a few parents it expects a parent's first
     * child early in a sequential scan, which for a leaf reads the whole table.
     */
    public static final String PARENTS_AMONG = "SELECT p.oid FROM unnest(?::bigint[]) AS p (oid)"
            + " WHERE (SELECT true FROM ns_object o WHERE o.parent_oid = p.oid AND o.end_tid IS NULL"
            + "   AND o.tid <= ? ORDER BY o.name LIMIT 1)"
            + " OR (SELECT true FROM ns_object o WHERE o.parent_oid = p.oid AND o.end_tid IS NOT NULL"
            + "   AND o.tid <= ? AND o.end_tid > ? ORDER BY o.name LIMIT 1)";

    /**
     * Those of {@code oids} that have at least one child at snapshot {@code tid}, sorted: one query for a page of
     * nodes, an index probe each, so a folder with a million children costs no more than one with one.
     */
    public long[] parentsAmong(long[] oids, long tid) {
        return Sql.run("finding which nodes have children at tid " + tid, () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(PARENTS_AMONG)) {
                ps.setArray(1, c.createArrayOf("bigint", Arrays.stream(oids).boxed().toArray()));
                ps.setLong(2, tid);
                ps.setLong(3, tid);
                ps.setLong(4, tid);
                long[] out = new long[oids.length];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out[n++] = rs.getLong(1);
                    }
                }
                long[] parents = Arrays.copyOf(out, n);
                Arrays.sort(parents);
                return parents;
            }
        });
    }

    /** The newest pack horizon: history of versions that ended at or before it may be gone (0: never packed). */
    public long packHorizon() {
        return Sql.run("reading the pack horizon", () -> {
            try (Connection c = dataSource.getConnection()) {
                return nightshift.store.internal.Snapshots.packHorizon(c);
            }
        });
    }

    /**
     * Up to {@code limit} oids above {@code afterOid}, ascending, of nodes written (created, updated, moved or
     * deleted) by transactions in ({@code fromTid}, {@code toTid}]: new versions by {@code tid} (BRIN index),
     * ended versions by {@code end_tid}.
     */
    public long[] changed(long fromTid, long toTid, long afterOid, int limit) {
        return Sql.run("listing the nodes written since tid " + fromTid, () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT oid FROM ("
                            + "SELECT oid FROM ns_object WHERE tid > ? AND tid <= ? AND oid > ?"
                            + " UNION SELECT oid FROM ns_object WHERE end_tid > ? AND end_tid <= ? AND oid > ?"
                            + ") w ORDER BY oid LIMIT ?")) {
                ps.setLong(1, fromTid);
                ps.setLong(2, toTid);
                ps.setLong(3, afterOid);
                ps.setLong(4, fromTid);
                ps.setLong(5, toTid);
                ps.setLong(6, afterOid);
                ps.setInt(7, limit);
                long[] out = new long[limit];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out[n++] = rs.getLong(1);
                    }
                }
                return Arrays.copyOf(out, n);
            }
        });
    }

    /** The catalog paths of those oids that have a row. */
    public Map<Long, String> indexedPaths(long[] oids) {
        return Sql.run("reading catalog paths", () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT c.oid, c.path FROM unnest(?::bigint[]) AS o (oid) JOIN ns_catalog c ON c.oid = o.oid")) {
                Long[] boxed = Arrays.stream(oids).boxed().toArray(Long[]::new);
                ps.setArray(1, c.createArrayOf("bigint", boxed));
                Map<Long, String> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    /** Whether {@code path} is {@code root} or below it. */
    public static boolean inSubtree(String path, String root) {
        return root.equals("/") || path.equals(root) || path.startsWith(root + "/");
    }
}
