package nightshift.cli.readme;

// tag::commit-hook[]
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import nightshift.store.Session;
import nightshift.store.TxInfo;
import nightshift.store.spi.CommitHook;

// end::commit-hook[]
final class AuditHook {
    private AuditHook() {
    }

    static long commit(Session session, TxInfo info, String me, long myLock) {
        return
        // tag::commit-hook[]
        session.commit(info, new CommitHook() {
            public void inCommit(Connection c, long tid) throws SQLException {
                // JDBC on the commit's connection (do not commit, roll back or close it); throwing refuses the commit
            }
            public List<Statement> withCommit(long tid) {     // sent with the COMMIT, in its round trip
                return List.of(Statement.of("INSERT INTO audit (tid, what) VALUES (?, ?)", tid, "import"),
                        Statement.of("SELECT ns_require(EXISTS (SELECT 1 FROM lease WHERE holder = ?), ?)",
                                me, "this node lost its lease; refusing to commit"));
            }
            public List<Statement> afterCommit(long tid) {    // right after the COMMIT, only if it succeeded
                return List.of(Statement.of("SELECT pg_advisory_unlock(?)", myLock));
            }
        });
        // end::commit-hook[]
    }

    /** A hook of {@code inCommit} alone, as a lambda. */
    static long auditOnly(Session session, TxInfo info) {
        return
        // tag::commit-hook-lambda[]
        session.commit(info, (connection, tid) -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit (tid, what) VALUES (?, ?)")) {
                ps.setLong(1, tid);
                ps.setString(2, "import");
                ps.executeUpdate();
            }
        });
        // end::commit-hook-lambda[]
    }
}
