package nightshift.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of the staged writes by kind, and the first oids of each kind: from the heap, from the spill file when every
 * spilled write is a create there, or from the temporary table.
 */
record StagedCounts(long created, long modified, long deleted, long moved, Map<String, List<Long>> samples) {
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("created", "base_tid = 0 AND NOT deleted");
        KINDS.put("modified", "base_tid <> 0 AND modified AND NOT deleted");
        KINDS.put("deleted", "base_tid <> 0 AND deleted");
        KINDS.put("moved", "base_tid <> 0 AND moved AND NOT deleted");
    }

    static StagedCounts none() {
        return new StagedCounts(0, 0, 0, 0, Map.of());
    }

    /** The counts of the temporary table's rows. */
    static StagedCounts ofTable(Connection connection, int samples) throws SQLException {
        long[] counts = new long[KINDS.size()];
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            // one scan for the four counts; samples only of the kinds there are
            StringBuilder sql = new StringBuilder("SELECT ");
            for (String where : KINDS.values()) {
                sql.append(sql.length() > 7 ? ", " : "").append("count(*) FILTER (WHERE ").append(where).append(')');
            }
            try (ResultSet rs = st.executeQuery(sql.append(" FROM ").append(StagedTable.TABLE).toString())) {
                rs.next();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
            }
            int i = 0;
            for (Map.Entry<String, String> kind : KINDS.entrySet()) {
                List<Long> oids = new ArrayList<>();
                if (counts[i++] > 0) {
                    try (ResultSet rs = st.executeQuery("SELECT oid FROM " + StagedTable.TABLE + " WHERE " + kind.getValue()
                            + " ORDER BY oid LIMIT " + samples)) {
                        while (rs.next()) {
                            oids.add(rs.getLong(1));
                        }
                    }
                }
                firsts.put(kind.getKey(), oids);
            }
        }
        return new StagedCounts(counts[0], counts[1], counts[2], counts[3], firsts);
    }

    /**
     * The same counts for a session whose writes are all creates spilled to the file alone: no query. {@code created}
     * holds the smallest oids created, in order.
     */
    static StagedCounts ofFile(long tuples, long[] firstCreated, int firstCreatedCount, int samples) {
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        for (String kind : KINDS.keySet()) {
            firsts.put(kind, List.of());
        }
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < Math.min(samples, firstCreatedCount); i++) {
            created.add(firstCreated[i]);
        }
        firsts.put("created", created);
        return new StagedCounts(tuples, 0, 0, 0, firsts);
    }

    /** The same counts from the heap, for a session that never spilled: no flush, no query. */
    static StagedCounts ofHeap(Collection<StagedRow> buffer, int samples) {
        long[] counts = new long[4];
        List<List<Long>> oids = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (StagedRow r : buffer) {
            int kind = r.isNew() ? (r.deleted() ? -1 : 0) : r.deleted() ? 2 : -1;
            if (kind >= 0) {
                counts[kind]++;
                oids.get(kind).add(r.oid());
            }
            if (!r.isNew() && !r.deleted()) {
                if (r.modified()) {
                    counts[1]++;
                    oids.get(1).add(r.oid());
                }
                if (r.moved()) {
                    counts[3]++;
                    oids.get(3).add(r.oid());
                }
            }
        }
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        int i = 0;
        for (String kind : KINDS.keySet()) {
            List<Long> sorted = oids.get(i++);
            sorted.sort(null);
            firsts.put(kind, List.copyOf(sorted.subList(0, Math.min(samples, sorted.size()))));
        }
        return new StagedCounts(counts[0], counts[1], counts[2], counts[3], firsts);
    }
}
