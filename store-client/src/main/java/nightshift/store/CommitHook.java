package nightshift.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must commit or roll back together with a session's writes: a job's run record, a scheduler's fencing
 * check. It runs inside the commit's database transaction, after the store's own writes and checks, on the same
 * connection (do not commit, roll back or close it). Throwing vetoes the commit: nothing of the session's writes
 * nor of the hook's is kept.
 */
@FunctionalInterface
public interface CommitHook {
    CommitHook NONE = (connection, tid) -> { };

    /**
     * @param tid the new transaction's tid, or 0 when the session had nothing staged (the hook then runs in a
     *            transaction of its own, and no transaction row is written)
     */
    void inCommit(Connection connection, long tid) throws SQLException;
}
