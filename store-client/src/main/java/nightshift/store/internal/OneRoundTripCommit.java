package nightshift.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.spi.CommitHook;
import nightshift.store.TxInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole commit in one round trip, for a session whose writes never left the heap and a hook of statements
 * only ({@link CommitHook#asStatements}): the lock, each check raising on a conflict instead of returning rows,
 * the {@code ns_tx} row, the writes and the hook's statements (both naming the tid as {@code ns_tid()}), the
 * COMMIT, the snapshot's release and the hook's statements after it. A conflict rolls it back and returns null:
 * the caller then commits the usual way, whose checks say which nodes conflict and why. Conflicts are rare in
 * the cron runs this is for; a round trip is not, and round trips are a large part of a small run.
 */
final class OneRoundTripCommit {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    /** The refusal a check raises in a one-round-trip commit: a conflict, to be found again the usual way. */
    private static final String CONFLICT = "nightshift: a conflict check failed";

    private final Connection connection;

    OneRoundTripCommit(Connection connection) {
        this.connection = connection;
    }

    Committer.Outcome commit(StagedSet staged, TxInfo info, boolean anyDeletes, long snapshot,
            CommitHook.Statements hook) throws SQLException {
        List<CommitCheck> checks = staged.checks(anyDeletes);
        for (CommitCheck check : checks) {
            if (check.sql() == null) {
                return null; // a conflict the client already knows
            }
        }
        List<CommitHook.Statement> all = new ArrayList<>();
        all.add(CommitHook.Statement.of(Committer.planGeneration(snapshot)
                + (checks.isEmpty() ? ShortCommit.LOCK : ShortCommit.LOCK_THEN_GENERIC_PLANS)));
        for (CommitCheck check : checks) {
            all.add(check.locks() ? new CommitHook.Statement(check.sql(), check.parameters())
                    : new CommitHook.Statement("SELECT ns_require(NOT EXISTS (" + check.sql() + "), '" + CONFLICT + "')",
                            check.parameters()));
        }
        if (!checks.isEmpty()) {
            all.add(CommitHook.Statement.of(ShortCommit.USUAL_PLANS));
        }
        int recorded = all.size();
        all.add(CommitHook.Statement.of(ShortCommit.INSERT_TX, info.user(), info.job(), info.runId(), info.host(), info.note()));
        all.add(CommitHook.Statement.of(ShortCommit.NOT_RESERVED));
        all.addAll(staged.writes(0));
        all.add(CommitHook.Statement.of(ShortCommit.USUAL_LOCK_WAITS));
        all.addAll(hook.withCommit());
        all.add(CommitHook.Statement.of("COMMIT"));
        all.add(CommitHook.Statement.of(Snapshots.RELEASE, Snapshots.key(snapshot)));
        all.addAll(hook.afterCommit());
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            long tid;
            try {
                tid = CommitStatements.sendReading(connection, all, recorded);
            } catch (SQLException e) {
                if (!CommitStatements.committed(connection)) {
                    CommitStatements.rollbackQuietly(connection); // a broken connection must not hide why the commit failed
                    done = true;
                    if (CommitFailures.REFUSED.equals(e.getSQLState()) && CONFLICT.equals(CommitFailures.serverMessage(e))) {
                        return null;
                    }
                    if (CommitFailures.nameClash(e)) {
                        return new Committer.Outcome(0, staged.nameTaken(snapshot));
                    }
                    throw CommitFailures.refusedOr(e);
                }
                LOG.warn("committed, but a statement sent after the COMMIT failed: {}", e.getMessage());
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT currval('ns_tid_seq')")) {
                    rs.next();
                    tid = rs.getLong(1);
                }
            }
            done = true;
            return new Committer.Outcome(tid, null);
        } finally {
            if (!done) {
                CommitStatements.rollbackQuietly(connection);
            }
            connection.setAutoCommit(true);
        }
    }
}
