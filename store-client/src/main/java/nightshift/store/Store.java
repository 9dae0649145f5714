package nightshift.store;

import java.util.List;
import javax.sql.DataSource;
import nightshift.store.internal.AccessGrants;
import nightshift.store.internal.StoreAccess;
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
 *
 * <p>A caller that works on the store's connections itself finds that in {@link nightshift.store.spi.Connections}.
 */
public final class Store implements AutoCloseable {
    static {
        StoreAccess.register(new StoreAccess.Bridge() {
            @Override
            public StoreRuntime runtime(Store store) {
                return store.runtime;
            }

            @Override
            public Store store(StoreRuntime runtime) {
                return new Store(runtime);
            }
        });
    }

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

    /** [entries, hits, misses] of the object cache. */
    public long[] cacheStats() {
        return runtime.cacheStats();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
