package nightshift.store;

/**
 * One object in the store's tree, as a session sees it: where it is, what it is, who owns it, which transaction
 * last wrote it, and the object itself (decoded on first access, a fresh copy per node so that changing it touches
 * nothing until {@link Session#update(Node)}).
 */
public interface Node {
    /** The oid of the root folder, the same in every store. */
    long ROOT_OID = 0L;
    /** The {@link #parentOid()} of the root. */
    long NO_PARENT = -1L;

    long oid();

    long parentOid();

    /** The name within the parent; the empty string for the root. */
    String name();

    /** The absolute path, {@code /} for the root. */
    String path();

    /** The registered class name of the object. */
    String typeName();

    String owner();

    /** The transaction that wrote this version; 0 for a node created in this session and not yet committed. */
    long tid();

    /** Whether the object is of the given class (or a subclass). */
    boolean is(Class<?> type);

    /** The object, decoded once. */
    Object object();

    /** The object, as the given class; a {@link WrongTypeException} if it is something else. */
    <T> T object(Class<T> type);

    /** The same node holding another object: pass it to {@link Session#update(Node)} to stage the change. */
    Node withObject(Object object);
}
