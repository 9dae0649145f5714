package nightshift.store.internal;

import java.sql.SQLException;
import java.util.List;
import nightshift.store.spi.CommitHook;

/**
 * The statements of a short commit over its staged set ({@link HeapStagedSet}); a session that spilled commits
 * through {@link SpilledCommit} instead.
 */
interface StagedSet {
    /** Before the lock: whatever makes the statements below cheap. */
    void prepare() throws SQLException;

    /**
     * The checks, in the order their conflicts are reported: a staged node whose current version is not the one
     * the session read; a staged live node whose folder is neither staged live nor current and untouched by the
     * session; and, when the session deletes, a node someone else added into a folder it deletes.
     */
    List<CommitCheck> checks(boolean anyDeletes) throws SQLException;

    /**
     * The statements that end the current version of every staged node that already existed, then insert the new
     * version of every staged live node: sent later, with the hook's first statement or the COMMIT.
     */
    List<CommitHook.Statement> writes(long tid) throws SQLException;

    /** A moved folder that ended up inside itself (after the insert). */
    Committer.Conflict cycle() throws SQLException;

    /** After a unique-name violation and rollback: the staged nodes whose name is taken, and by whom. */
    Committer.Conflict nameTaken(long snapshot) throws SQLException;
}
