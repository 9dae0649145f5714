package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A conflict check run right after the commit lock: its statement and parameters, and how its rows read as a
 * conflict (null for none). A check whose answer the client already knows has no statement ({@link #known}).
 */
record CommitCheck(String sql, List<Object> parameters, ConflictReader reader) {
    static CommitCheck known(Committer.Conflict conflict) {
        return new CommitCheck(null, List.of(), rs -> conflict);
    }

    /**
     * Row locks the checks after it rely on, taken under the commit's {@code lock_timeout}: a statement whose one
     * row says nothing, so it finds no conflict of its own.
     */
    static CommitCheck locking(String sql, List<Object> parameters) {
        return new CommitCheck("SELECT count(*) FROM (" + sql + ") locked", parameters, rs -> null);
    }

    boolean locks() {
        return sql != null && sql.endsWith(") locked");
    }

    @FunctionalInterface
    interface ConflictReader {
        /** Reads the check's rows ({@code rs} is null for a {@link CommitCheck#known} check); may run statements of its own. */
        Committer.Conflict read(ResultSet rs) throws SQLException;
    }

    /** A check over the temporary table whose rows are (oid, reason). */
    static CommitCheck ofRows(String sql) {
        return new CommitCheck(sql + " LIMIT 100", List.of(), rs -> {
            List<Long> oids = new ArrayList<>();
            String reason = null;
            while (rs.next()) {
                oids.add(rs.getLong(1));
                reason = rs.getString(2);
            }
            return oids.isEmpty() ? null : new Committer.Conflict(oids, explain(reason));
        });
    }

    /** Runs one check on its own (a check after the insert, outside the first round trip). */
    static Committer.Conflict run(Connection connection, CommitCheck check) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(check.sql())) {
            int p = 1;
            for (Object value : check.parameters()) {
                ps.setObject(p++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return check.reader().read(rs);
            }
        }
    }

    static String explain(String reason) {
        switch (reason) {
            case "changed":
                return "changed or deleted by another transaction since this session's snapshot";
            case "parent deleted":
                return "its folder was deleted by another transaction";
            case "added under deleted":
                return "added by another transaction inside a folder this session deletes";
            default:
                return "moving it would put a folder inside itself (another transaction moved its new parent)";
        }
    }
}
