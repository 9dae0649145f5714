package nightshift.store;

import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import nightshift.store.internal.AccessGrants;
import nightshift.store.internal.ConnectionWarmUp;
import nightshift.store.internal.StoreRuntime;

/**
 * An open object store: a pool of connections to its PostgreSQL database, the type registry agreed with it, and
 * a bounded cache shared by its sessions. Open one per process and share it between threads; open a
 * {@link Session} per unit of work.
 *
 * <pre>{@code
 * try (Store store = Store.open(config); Session s = store.openSession("editor")) {
 *     Node news = s.get("/site/news");
 *     s.create(news, "hello", Document.of("Hello", "First post"));
 *     s.commit(TxInfo.of("editor"));
 * }
 * }</pre>
 */
public final class Store implements AutoCloseable {
    private final StoreRuntime runtime;

    private Store(StoreRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Opens the store. Fails with {@link StoreUnavailableException} when the server cannot be reached and with
     * {@link SchemaException} when the schema is missing, older, or newer than this client knows.
     */
    public static Store open(StoreConfig config) {
        return new Store(StoreRuntime.open(config));
    }

    /**
     * Does now, on the calling thread, the part of opening a store's first connection that does not depend on the
     * store: loading the JDBC driver, the JDK's security providers (for the password's SCRAM exchange) and its locale
     * data. A short-lived process calls it on a second thread while its main thread parses the command line, and
     * {@link #open} then finds that work done, and {@code nightshift run} starts sooner. Never fails; calling it
     * again costs nothing.
     */
    public static void warmUp() {
        ConnectionWarmUp.run();
    }

    /**
     * Creates or upgrades the schema by its versioned migrations, registers the configured types and creates the
     * root folder; safe to run again and from several machines at once. Returns the schema version.
     */
    public static String migrate(StoreConfig config) {
        return StoreRuntime.migrate(config);
    }

    /**
     * Grants database role {@code role} what running nightshift against this store needs, and nothing more (see the
     * README's "Running as a role that owns nothing"), connected as the schema's owner; returns the statements.
     * Run it again after each upgrade: new tables are covered only by the grants made after they exist.
     */
    public static List<String> grantAccess(StoreConfig config, String role) {
        return AccessGrants.apply(config, role);
    }

    /** The statements {@link #grantAccess} would run, for an administrator to review or run by hand. */
    public static List<String> accessGrants(StoreConfig config, String role) {
        return AccessGrants.statements(config, role);
    }

    /** A session whose new nodes are owned by {@code user}. The user is not checked here: see SecureSession. */
    public Session openSession(String user) {
        return runtime.openSession(user);
    }

    /** A session acting as {@link TxInfo#SYSTEM_USER}, for store maintenance. */
    public Session openSession() {
        return openSession(TxInfo.SYSTEM_USER);
    }

    /**
     * A read-only session that sees the store as it was right after transaction {@code tid} (for undo, audits and
     * rebuilding what was). Fails with {@link StoreException} when pack has removed history that old.
     */
    public Session openSessionAt(long tid) {
        if (tid < 0) {
            throw new IllegalArgumentException("tid must be 0 or more, not " + tid);
        }
        return runtime.openSession(TxInfo.SYSTEM_USER, tid);
    }

    public TypeRegistry types() {
        return runtime.types();
    }

    /**
     * Decodes a state as read from {@code ns_object}, as the node's {@link Node#object()} would: for tools that check
     * stored versions, the old ones too, without a session at each version's snapshot ({@code verify}). {@code path}
     * only names the node in the error. {@link UnreadableStateException} if the bytes do not decode,
     * {@link UnregisteredTypeException} if this client lacks the type.
     */
    public Object decodeState(long oid, String path, int typeId, byte[] state) {
        return runtime.decodeState(oid, path, typeId, state);
    }

    /** The newest committed tid. */
    public long lastTid() {
        return runtime.lastTid();
    }

    public String schemaVersion() {
        return runtime.schemaVersion();
    }

    public StoreConfig config() {
        return runtime.config();
    }

    /**
     * The pool, for modules that keep their own tables in the store's database (principals, run history, the
     * scheduler). Content must go through sessions.
     */
    public DataSource dataSource() {
        return runtime.dataSource();
    }

    /**
     * This store as seen from a unit of work that already holds one of its connections (a job run holds its lock on
     * one): sessions and reads through the view use {@code connection} while no one else borrowed it from the view,
     * and this store's pool otherwise, so one run needs one connection, not two. The view shares this store's cache;
     * closing it closes nothing, and the caller keeps and closes {@code connection}. Use it from one thread at a time.
     */
    public Store onConnection(Connection connection) {
        return new Store(runtime.onConnection(connection));
    }

    /**
     * {@link #onConnection(Connection)} whose next session, if it gets {@code connection}, starts at the snapshot
     * {@code ahead} registered there (read ahead by the caller) instead of registering one.
     */
    public Store onConnection(Connection connection, SnapshotReadAhead ahead) {
        return new Store(runtime.onConnection(connection, ahead.internal()));
    }

    /** A registration of the newest snapshot, for a caller to send ahead with its own statements (see {@link SnapshotReadAhead}). */
    public SnapshotReadAhead snapshotReadAhead() {
        return new SnapshotReadAhead(runtime.snapshotAhead());
    }

    /** [entries, hits, misses] of the object cache. */
    public long[] cacheStats() {
        return runtime.cacheStats();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
