package nightshift.store.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Queries read through a cursor, whose rows may be more than fit in memory. */
public final class Cursors {
    private Cursors() {
    }

    /** A row of a streamed result. */
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** A statement's parameters. */
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Reads a query through a cursor, so that the driver holds one fetch of rows instead of the whole result: pgjdbc
     * uses one only inside a transaction and with a fetch size. Read only: the transaction is rolled back.
     */
    public static void stream(Connection c, String sql, int fetch, Binder binder, RowReader reader) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(fetch);
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
