package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads node versions as of one snapshot tid: a version is visible when {@code tid <= S} and it had not ended by
 * S. Each query reads the current versions and the ended ones through their own partial index and merges them, so
 * listing a page of a million-child folder reads one page from each index. When the session has spilled staged
 * writes, listings leave out the oids it staged and add its staged rows from {@code ns_staged}, their states from
 * the session's spill file.
 */
final class SnapshotReader {
    static final String COLUMNS = "oid, tid, parent_oid, name, type_id, owner, state";
    private static final String BY_OID = "SELECT " + COLUMNS + " FROM ns_object WHERE oid = ? AND tid <= ?"
            + " AND (end_tid IS NULL OR end_tid > ?)";
    private static final String BY_OIDS = "SELECT " + COLUMNS + " FROM ns_object WHERE oid = ANY (?) AND tid <= ?"
            + " AND (end_tid IS NULL OR end_tid > ?)";
    private static final String CURRENT = "SELECT " + COLUMNS + ", false AS staged, NULL::bigint, NULL::integer FROM ns_object o"
            + " WHERE parent_oid = ? AND end_tid IS NULL AND tid <= ?";
    static final String ENDED = "SELECT " + COLUMNS + ", false AS staged, NULL::bigint, NULL::integer FROM ns_object o"
            + " WHERE parent_oid = ? AND end_tid IS NOT NULL AND tid <= ? AND end_tid > ?";
    private static final String NOT_STAGED = " AND NOT EXISTS (SELECT 1 FROM " + StagedTable.TABLE + " s WHERE s.oid = o.oid)";
    private static final String STAGED = "SELECT oid, base_tid, parent_oid, name, type_id, owner, NULL::bytea,"
            + " true AS staged, state_at, state_len FROM " + StagedTable.TABLE + " WHERE parent_oid = ? AND NOT deleted";

    private static final int MEMO_ENTRIES = 1024;
    private static final Row ABSENT = new Row(-1, -1, -1, "", -1, "", new byte[0]);

    private final Connection connection;
    private final ObjectCache cache;
    private final long snapshot;
    /**
     * Names already looked up at this snapshot, found or not: what a snapshot shows never changes, and a job resolves
     * the same path again and again (a check that a folder exists, then a get of it, was a second round trip).
     */
    private final Map<ChildName, Row> children = new HashMap<>();

    SnapshotReader(Connection connection, ObjectCache cache, long snapshot) {
        this.connection = connection;
        this.cache = cache;
        this.snapshot = snapshot;
    }

    long snapshot() {
        return snapshot;
    }

    Row byOid(long oid) throws SQLException {
        Row cached = cache.get(oid, snapshot);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = connection.prepareStatement(BY_OID)) {
            ps.setLong(1, oid);
            ps.setLong(2, snapshot);
            ps.setLong(3, snapshot);
            return firstCached(ps);
        }
    }

    /** {@link #byOid} for many oids: those the cache lacks in one query. Absent oids are left out. */
    Map<Long, Row> byOids(List<Long> oids) throws SQLException {
        Map<Long, Row> rows = new HashMap<>();
        List<Long> unread = new ArrayList<>();
        for (long oid : oids) {
            Row cached = cache.get(oid, snapshot);
            if (cached != null) {
                rows.put(oid, cached);
            } else {
                unread.add(oid);
            }
        }
        if (unread.isEmpty()) {
            return rows;
        }
        try (PreparedStatement ps = connection.prepareStatement(BY_OIDS)) {
            ps.setArray(1, connection.createArrayOf("bigint", unread.toArray(new Long[0])));
            ps.setLong(2, snapshot);
            ps.setLong(3, snapshot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = read(rs);
                    cache.put(row, snapshot);
                    rows.put(row.oid(), row);
                }
            }
        }
        return rows;
    }

    /** The version visible at the snapshot of the child with this name (staged writes not considered). */
    Row child(long parentOid, String name) throws SQLException {
        ChildName key = new ChildName(parentOid, name);
        Row known = children.get(key);
        if (known != null) {
            return known == ABSENT ? null : known;
        }
        Row cached = cache.child(parentOid, name, snapshot);
        if (cached != null) {
            return cached;
        }
        String sql = "(" + CURRENT + " AND name = ?) UNION ALL (" + ENDED + " AND name = ?)";
        Row row;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            StagedTable.setParent(ps, 1, parentOid);
            ps.setLong(2, snapshot);
            ps.setString(3, name);
            StagedTable.setParent(ps, 4, parentOid);
            ps.setLong(5, snapshot);
            ps.setLong(6, snapshot);
            ps.setString(7, name);
            row = firstCached(ps);
        }
        if (children.size() >= MEMO_ENTRIES) {
            children.clear();
        }
        children.put(key, row == null ? ABSENT : row);
        return row;
    }

    private Row firstCached(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Row row = read(rs);
            cache.put(row, snapshot);
            return row;
        }
    }

    /**
     * Up to {@code limit} children named after {@code after}, by name; through the session's spilled writes when
     * {@code staged} is not null.
     */
    List<Listed> children(long parentOid, String after, int limit, StagedWrites staged) throws SQLException {
        boolean merged = staged != null;
        String exclude = merged ? NOT_STAGED : "";
        String sql = "SELECT * FROM ((" + CURRENT + " AND name > ?" + exclude + " ORDER BY name LIMIT ?)"
                + " UNION ALL (" + ENDED + " AND name > ?" + exclude + " ORDER BY name LIMIT ?)"
                + (merged ? " UNION ALL (" + STAGED + " AND name > ? ORDER BY name LIMIT ?)" : "")
                + ") u ORDER BY name LIMIT ?";
        String from = after == null ? "" : after;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            StagedTable.setParent(ps, i++, parentOid);
            ps.setLong(i++, snapshot);
            ps.setString(i++, from);
            ps.setInt(i++, limit);
            StagedTable.setParent(ps, i++, parentOid);
            ps.setLong(i++, snapshot);
            ps.setLong(i++, snapshot);
            ps.setString(i++, from);
            ps.setInt(i++, limit);
            if (merged) {
                StagedTable.setParent(ps, i++, parentOid);
                ps.setString(i++, from);
                ps.setInt(i++, limit);
            }
            ps.setInt(i, limit);
            ps.setFetchSize(limit);
            List<Listed> rows = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = read(rs);
                    boolean fromStaged = rs.getBoolean(8);
                    if (fromStaged) {
                        row = new Row(row.oid(), row.tid(), row.parentOid(), row.name(), row.typeId(), row.owner(),
                                staged.state(rs, 9, 10));
                    }
                    rows.add(new Listed(row, fromStaged));
                }
            }
            return rows;
        }
    }

    /** A listed child and whether it comes from the session's staged writes. */
    record Listed(Row row, boolean staged) {
    }

    static Row read(ResultSet rs) throws SQLException {
        long parent = rs.getLong(3);
        if (rs.wasNull()) {
            parent = -1;
        }
        return new Row(rs.getLong(1), rs.getLong(2), parent, rs.getString(4), rs.getInt(5), rs.getString(6), rs.getBytes(7));
    }
}
