package nightshift.store.internal;

import java.sql.SQLException;
import java.util.List;
import nightshift.store.CommitRefusedException;
import org.postgresql.util.PSQLException;

/** How a commit's SQL errors read: a name clash, a lock held by another commit, a hook's refusal, a reserved tid. */
final class CommitFailures {
    /** The SQLSTATE of a hook's refusal raised by {@code ns_require} (migration V7). */
    static final String REFUSED = "NS001";

    private CommitFailures() {
    }

    static boolean nameClash(SQLException e) {
        return "23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("ns_object_current_name");
    }

    static String serverMessage(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
    }

    /**
     * A row lock or a name this commit waited for too long (a long commit's, see {@link ShortCommit#SHORT_LOCK_TIMEOUT}),
     * or a deadlock between two commits' row locks, as a conflict; null for any other error.
     */
    static Committer.Conflict heldByAnother(SQLException e) {
        String state = e.getSQLState();
        if ("55P03".equals(state) || "40P01".equals(state)) {
            return new Committer.Conflict(List.of(), "another commit in progress holds a node, folder or name this one writes");
        }
        return null;
    }

    static boolean reserved(SQLException e) {
        return REFUSED.equals(e.getSQLState()) && ShortCommit.RESERVED.equals(serverMessage(e));
    }

    /** A hook's refusal from SQL ({@code ns_require}) as the store's exception; any other error as it is. */
    static SQLException refusedOr(SQLException e) {
        if (REFUSED.equals(e.getSQLState()) && !reserved(e)) {
            throw new CommitRefusedException(serverMessage(e), e);
        }
        return e;
    }
}
