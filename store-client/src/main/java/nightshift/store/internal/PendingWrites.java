package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nightshift.store.spi.CommitHook;

/**
 * The session's writes, held back until the hook sends its first statement (through {@link #connection}) or else
 * sent with the COMMIT: a hook that only returns {@link CommitHook#withCommit} statements then costs no round
 * trip at all. A failure of the writes is kept, so that a hook that catches it cannot hide it.
 */
final class PendingWrites {
    private final Connection connection;
    private final List<CommitHook.Statement> writes;
    private boolean sent;
    private SQLException failure;

    PendingWrites(Connection connection, List<CommitHook.Statement> writes) {
        this.connection = connection;
        this.writes = writes;
    }

    Connection connection() {
        return InterceptedConnection.wrap(connection, this::sendNow, java.util.Set.of());
    }

    void sendNow() throws SQLException {
        if (sent) {
            return;
        }
        sent = true;
        try {
            CommitStatements.send(connection, writes);
        } catch (SQLException e) {
            failure = e;
            throw e;
        }
    }

    /** The writes' own failure, or null. */
    SQLException failure() {
        return failure;
    }

    void rethrowFailure() throws SQLException {
        if (failure != null) {
            throw failure;
        }
    }

    List<CommitHook.Statement> unsent() {
        return sent ? List.of() : writes;
    }
}
