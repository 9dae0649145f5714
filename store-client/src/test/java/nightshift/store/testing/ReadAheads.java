package nightshift.store.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import nightshift.store.spi.ReadAhead;

/** Sends read-aheads the way a job run does: after a statement of the caller's own, in one round trip. */
public final class ReadAheads {
    private ReadAheads() {
    }

    /** Sends and reads {@code ahead} on {@code c}; true if it left the statement at its last result. */
    public static boolean sendAfterOwnStatement(Connection c, ReadAhead ahead) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 'callers own';\n" + ahead.sql())) {
            int p = 1;
            for (Object value : ahead.parameters()) {
                ps.setObject(p++, value);
            }
            ps.execute();
            ps.getMoreResults();
            ahead.read(ps);
            return !ps.getMoreResults() && ps.getUpdateCount() == -1;
        }
    }
}
