package nightshift.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Hands out oids from blocks of 1000 reserved with one sequence call, so a million creates cost a thousand round trips, not a million. */
final class OidAllocator {
    static final int BLOCK = 1000;

    private long next;
    private long end;

    synchronized long next(Connection c) throws SQLException {
        if (next == end) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT nextval('ns_oid_seq')")) {
                rs.next();
                next = rs.getLong(1);
                end = next + BLOCK;
            }
        }
        return next++;
    }
}
