package nightshift.store.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import nightshift.store.CommitRefusedException;

/**
 * Work that must commit or roll back together with a session's writes: a job's run record, a scheduler's fencing
 * check. It runs inside the commit's database transaction, after the store's own checks, on the same connection
 * (do not commit, roll back or close it). Throwing vetoes the commit: nothing of the session's writes nor of the
 * hook's is kept. {@link #inCommit} is the one method every hook implements (its body may be empty; a lambda is a
 * hook of it alone); {@link #withCommit}, {@link #afterCommit} and {@link #asStatements} are optional.
 *
 * <p>A hook whose work is a few statements should return them from {@link #withCommit} instead: they are sent with
 * the COMMIT, in its round trip, and the session's own writes go with them, where statements run in
 * {@link #inCommit} each cost a round trip (and the writes one more, before the first of them).
 */
@FunctionalInterface
public interface CommitHook {
    CommitHook NONE = (connection, tid) -> { };

    /**
     * @param tid the new transaction's tid, or 0 when the session had nothing staged (the hook then runs in a
     *            transaction of its own, and no transaction row is written)
     */
    void inCommit(Connection connection, long tid) throws SQLException;

    /**
     * Statements sent after {@link #inCommit}, in the COMMIT's own round trip: their results are never read, so one
     * vetoes the commit by raising an error. {@code SELECT ns_require(condition, 'reason')} raises one when the
     * condition is not true, and the commit then throws {@link CommitRefusedException} with that reason.
     *
     * @param tid as for {@link #inCommit}
     */
    default List<Statement> withCommit(long tid) {
        return List.of();
    }

    /**
     * Statements sent right after the COMMIT, still in its round trip: they run only when the commit succeeded, and
     * outside its transaction (releasing a session-level lock the committed work held). An error of theirs does not
     * undo the commit, nor fail it: it is logged.
     *
     * @param tid the committed transaction's tid (0 as for {@link #inCommit})
     */
    default List<Statement> afterCommit(long tid) {
        return List.of();
    }

    /**
     * This commit's work as statements alone, or null (the default) to have {@link #inCommit}, {@link #withCommit}
     * and {@link #afterCommit} called. The statements are sent as those two methods' are, but name the new tid as
     * {@code ns_tid()} in SQL (schema 8), so nothing waits for the client to learn it: a commit whose writes never
     * left the heap then sends its lock, its checks, its writes, these statements and the COMMIT in one round trip
     * instead of two. {@code ns_tid()} is NULL when the session had nothing staged, and after the COMMIT. Asked once
     * per commit, just before it is sent. Keep the statements' results to booleans and numbers ({@code ns_require}
     * returns a boolean): before a statement whose result row has a text or other variable-length column, the
     * PostgreSQL driver waits for the results so far, which costs a round trip.
     */
    default Statements asStatements() {
        return null;
    }

    /** A hook's work as statements: sent with the COMMIT (a refusal raises, as {@link #withCommit}'s), and after it. */
    record Statements(List<Statement> withCommit, List<Statement> afterCommit) {
        public Statements {
            withCommit = List.copyOf(withCommit);
            afterCommit = List.copyOf(afterCommit);
        }
    }

    /** A statement and its parameters, in order ({@code null} for SQL NULL). */
    record Statement(String sql, List<Object> parameters) {
        public Statement {
            parameters = Collections.unmodifiableList(Arrays.asList(parameters.toArray()));
        }

        public static Statement of(String sql, Object... parameters) {
            return new Statement(sql, Arrays.asList(parameters));
        }
    }
}
