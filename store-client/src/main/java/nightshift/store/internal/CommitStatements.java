package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import nightshift.store.spi.CommitHook;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a commit's statements, several in one round trip, and ends its transaction when it fails. */
final class CommitStatements {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private CommitStatements() {
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is already broken; the server rolls the transaction back on its own
        }
    }

    /** A hook of statements as a hook of the usual three methods. */
    static CommitHook asHook(CommitHook.Statements statements) {
        return new CommitHook() {
            @Override
            public void inCommit(Connection c, long tid) {
                // statements only
            }

            @Override
            public List<Statement> withCommit(long tid) {
                return statements.withCommit();
            }

            @Override
            public List<Statement> afterCommit(long tid) {
                return statements.afterCommit();
            }
        };
    }

    /** Whether the COMMIT already ran: the driver is then idle, not in a (failed) transaction. */
    static boolean committed(Connection connection) throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    }

    /** Sends the statements in one round trip, as {@link #send}, and reads the first column of statement {@code index}'s row. */
    static long sendReading(Connection connection, List<CommitHook.Statement> statements, int index) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statements)) {
            ps.execute();
            for (int i = 0; i < index; i++) {
                ps.getMoreResults();
            }
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Sends statements that include the COMMIT. An error after it (releasing a registration or a hook's lock) leaves
     * the transaction committed: the driver is then idle, not in a transaction, and the error is only logged.
     */
    static void sendThroughCommit(Connection connection, List<CommitHook.Statement> statements) throws SQLException {
        try {
            send(connection, statements);
        } catch (SQLException e) {
            if (connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                throw e;
            }
            LOG.warn("committed, but a statement sent after the COMMIT failed: {}", e.getMessage());
        }
    }

    /** Sends the statements in one round trip; the first error stops them, and the server skips the rest. */
    static void send(Connection connection, List<CommitHook.Statement> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = prepare(connection, statements)) {
            ps.execute();
        }
    }

    private static PreparedStatement prepare(Connection connection, List<CommitHook.Statement> statements)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (CommitHook.Statement statement : statements) {
            sql.append(sql.length() == 0 ? "" : ";\n").append(statement.sql());
        }
        PreparedStatement ps = connection.prepareStatement(sql.toString());
        try {
            int p = 1;
            for (CommitHook.Statement statement : statements) {
                for (Object value : statement.parameters()) {
                    ps.setObject(p++, value);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
