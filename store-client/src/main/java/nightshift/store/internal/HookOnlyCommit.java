package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.spi.CommitHook;

/** The commit of a session that had nothing to write: its hook alone, in a transaction of its own. */
final class HookOnlyCommit {
    private final Connection connection;

    HookOnlyCommit(Connection connection) {
        this.connection = connection;
    }

    /** Runs a hook in a transaction of its own, for a commit that had nothing to write. */
    void commit(CommitHook hook) throws SQLException {
        CommitHook.Statements statements = hook.asStatements();
        if (statements != null) {
            hook = CommitStatements.asHook(statements);
        }
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            hook.inCommit(connection, 0);
            List<CommitHook.Statement> last = new ArrayList<>(hook.withCommit(0));
            last.add(CommitHook.Statement.of("COMMIT"));
            last.addAll(hook.afterCommit(0));
            try {
                CommitStatements.sendThroughCommit(connection, last);
            } catch (SQLException e) {
                throw CommitFailures.refusedOr(e);
            }
            done = true;
        } finally {
            if (!done) {
                CommitStatements.rollbackQuietly(connection);
            }
            connection.setAutoCommit(true);
        }
    }
}
