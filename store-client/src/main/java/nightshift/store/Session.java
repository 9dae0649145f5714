package nightshift.store;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import nightshift.store.spi.CommitHook;

/**
 * A unit of work against the store. It reads one consistent snapshot for its whole life (plus its own staged
 * writes), stages every write, and applies them all at {@link #commit(TxInfo)} in one short database transaction,
 * or none of them. Not thread-safe: one thread per session. Close it to give back its connection; closing
 * without committing discards the staged writes.
 */
public interface Session extends AutoCloseable {
    /** The tid of the snapshot this session reads. */
    long snapshotTid();

    Node root();

    /** The node at an absolute path such as {@code /site/news/foo}; {@link NoSuchNodeException} if there is none. */
    Node get(String path);

    /** The object at a path, as the given class. */
    <T> T get(String path, Class<T> type);

    /** The node with this oid, if it exists in this session's view. */
    Optional<Node> find(long oid);

    /**
     * The nodes with these oids that exist in this session's view, by oid, in the order given (an oid it does not
     * see is left out): {@link #find(long)} for many oids, reading the ones not at hand in one round trip (and the
     * session's own writes, once spilled to the server, in one more).
     */
    Map<Long, Node> findAll(long[] oids);

    /** Whether a node exists at this path. */
    boolean exists(String path);

    /** One page of a node's children, ordered by name. */
    ChildPage children(Node parent, Page page);

    /** All children of a node, ordered by name, fetched page by page as the stream is consumed. Close the stream or consume it fully. */
    Stream<Node> children(Node parent);

    /** Stages a new node; its owner is this session's user. {@link NameTakenException} if the name is taken. */
    Node create(Node parent, String name, Object object);

    /**
     * Stages a new node owned by {@code owner} rather than this session's user: for restoring nodes as they were
     * (an archive's import). A secure session allows it only to a user who may Manage the parent.
     */
    Node create(Node parent, String name, Object object, String owner);

    /** Stages the node's (possibly changed) object as its new state. */
    Node update(Node node);

    /** Stages the deletion of a node and everything below it. The root cannot be deleted. */
    void delete(Node node);

    /** Stages moving (and/or renaming) a node, with everything below it. */
    Node move(Node node, Node newParent, String newName);

    /**
     * Stages the undo of committed transaction {@code tid}: nodes it created are deleted, nodes it changed or moved
     * get their previous versions back, nodes it deleted come back with their oids. Commit to apply it as a new
     * transaction. Refused as a whole ({@link UndoRefusedException}, nothing staged) when later transactions changed
     * any of the same nodes; {@link NoSuchTransactionException} for an unknown tid or one older than packed history.
     */
    default Reversal revert(long tid) {
        return revert(tid, Reversal.Listener.NONE);
    }

    /** As {@link #revert(long)}, telling {@code listener} of each node as it is staged. */
    Reversal revert(long tid, Reversal.Listener listener);

    /** Whether anything staged would change the store (a node created and deleted again in this session would not). */
    boolean hasChanges();

    /** What is staged, as counts. */
    ChangeSummary changes();

    /**
     * Applies every staged write as one transaction and returns its tid; {@link ConflictException} (and nothing
     * written) if another transaction changed what this one writes since the snapshot. With nothing staged,
     * writes nothing and returns the snapshot's tid. Afterwards the session reads the newest snapshot. A write based on
     * a {@link Node} whose version is not the one this session sees (read before its last commit or abort, or in
     * another session) is refused at the call with {@link ConflictException}.
     */
    long commit(TxInfo info);

    /** As {@link #commit(TxInfo)}, running {@code hook} inside the same database transaction. */
    long commit(TxInfo info, CommitHook hook);

    /** Discards every staged write and moves the session to the newest snapshot. */
    void abort();

    @Override
    void close();
}
