package nightshift.jobs.internal.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import nightshift.store.StoreUnavailableException;

/**
 * Reads the local roles given on nodes ({@code ns_local_role}) for the export: which oids have any (one sorted
 * {@code long[]}, so nodes without cost nothing), and for those, principal to roles, both sorted.
 */
final class LocalRoles {
    private final DataSource dataSource;
    private long[] withRoles;

    LocalRoles(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The local roles given on this node itself, principal to role labels, sorted; empty for most nodes. */
    Map<String, Set<String>> on(long oid) {
        if (withRoles == null) {
            withRoles = query("listing the nodes with local roles",
                    "SELECT DISTINCT node_oid FROM ns_local_role ORDER BY 1", -1, null);
        }
        if (Arrays.binarySearch(withRoles, oid) < 0) {
            return Map.of();
        }
        Map<String, Set<String>> roles = new TreeMap<>();
        query("reading the local roles of oid " + oid, "SELECT principal, role FROM ns_local_role WHERE node_oid = ?", oid, roles);
        return roles;
    }

    private long[] query(String what, String sql, long oid, Map<String, Set<String>> into) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (oid >= 0) {
                ps.setLong(1, oid);
            }
            long[] out = new long[16];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (into != null) {
                        into.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = rs.getLong(1);
                }
            }
            return Arrays.copyOf(out, n);
        } catch (SQLException e) {
            throw new StoreUnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }
}
