package nightshift.security.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import nightshift.security.SecurityContextException;

/**
 * The JDBC edge of the security context: every statement on the principals tables runs through here, and here only
 * is an {@link SQLException} turned into a {@link SecurityContextException} (naming what was being done).
 */
public final class Jdbc {
    /** Work on one connection; may throw SQLException, and the unchecked exceptions of this module pass through. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one database transaction, rolled back on any failure. */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw wrap(what, e);
        }
    }

    /** Runs read-only {@code work} with autocommit statements. */
    public <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw wrap(what, e);
        }
    }

    private static SecurityContextException wrap(String what, SQLException e) {
        String hint = "42P01".equals(e.getSQLState())
                ? "; the principals tables are missing: run Store.migrate (or `nightshift init`) to upgrade the schema"
                : "";
        return new SecurityContextException("could not " + what + ": " + e.getMessage() + hint, e);
    }
}
