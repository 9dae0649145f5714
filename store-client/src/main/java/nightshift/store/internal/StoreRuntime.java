package nightshift.store.internal;

import com.esotericsoftware.kryo.KryoException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.StoreConfig;
import nightshift.store.StoreUnavailableException;
import nightshift.store.TxInfo;
import nightshift.store.TypeRegistry;
import nightshift.store.UnreadableStateException;
import nightshift.store.content.Folder;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/** Everything one open store shares between its sessions: the pool, the codec, the cache, the oid allocator. */
public final class StoreRuntime implements AutoCloseable {
    private static final Driver DRIVER = new Driver();
    private final StoreConfig config;
    private final DataSource dataSource;
    /** What {@link #close()} closes: the pool, the one plain connection, or nothing for a view on a lent connection. */
    private final AutoCloseable owned;
    private final KryoCodec codec;
    private final ObjectCache cache;
    private final OidAllocator oids;
    private final String schemaVersion;
    /** A snapshot registered ahead on a view's connection, for the view's next session there (null: none). */
    private final Snapshots.Ahead ahead;
    /** Shared by the store and its views: one probe however many runs a store serves. */
    private final Pacer pacer;

    private StoreRuntime(StoreConfig config, DataSource dataSource, AutoCloseable owned, KryoCodec codec, ObjectCache cache,
            OidAllocator oids, String schemaVersion, Snapshots.Ahead ahead, Pacer pacer) {
        this.config = config;
        this.dataSource = dataSource;
        this.owned = owned;
        this.codec = codec;
        this.cache = cache;
        this.oids = oids;
        this.schemaVersion = schemaVersion;
        this.ahead = ahead;
        this.pacer = pacer;
    }

    /** Opens a pool to the store, checks its schema and agrees on type ids. */
    public static StoreRuntime open(StoreConfig config) {
        DataSource ds = config.pooled() ? pool(config) : plain(config);
        try {
            String version = Schema.check(ds, config.maskedUrl());
            Types types = Jdbc.run("registering types", () -> {
                try (Connection c = ds.getConnection()) {
                    return TypeSync.sync(c, TypeSync.registeredClasses(config));
                }
            });
            return new StoreRuntime(config, ds, (AutoCloseable) ds, new KryoCodec(types, config.classLoader()),
                    new ObjectCache(config.cacheSize()), new OidAllocator(), version, null, new Pacer(ds, config.pace()));
        } catch (RuntimeException e) {
            closeQuietly((AutoCloseable) ds);
            throw e;
        }
    }

    /**
     * This store as seen from a unit of work that holds {@code connection} (a job run, which holds its lock on it):
     * sessions and reads use that connection while it is free, and the pool otherwise. Shares the cache, codec and
     * oids; closing it closes nothing.
     */
    public StoreRuntime onConnection(Connection connection) {
        return onConnection(connection, null);
    }

    /** {@link #onConnection(Connection)} whose next session on {@code connection} starts at {@code ahead}'s snapshot. */
    public StoreRuntime onConnection(Connection connection, Snapshots.Ahead ahead) {
        return new StoreRuntime(config, new SharedConnectionDataSource(connection, () -> dataSource, false), null, codec,
                cache, oids, schemaVersion, ahead, pacer);
    }

    /** A registration of the newest snapshot, to send ahead with a caller's own statements. */
    public Snapshots.Ahead snapshotAhead() {
        return new Snapshots.Ahead(cache);
    }

    /** Creates or upgrades the schema, registers types and creates the root folder if missing; idempotent. */
    public static String migrate(StoreConfig config) {
        try (HikariDataSource ds = pool(config)) {
            String version = Schema.migrate(ds, config.classLoader());
            Jdbc.run("creating the root folder", () -> {
                try (Connection c = ds.getConnection()) {
                    Types types = TypeSync.sync(c, TypeSync.registeredClasses(config));
                    createRoot(c, new KryoCodec(types, config.classLoader()));
                }
                return null;
            });
            return version;
        }
    }

    /** Runs {@code action} on a connection of its own to the store's database, for administration. */
    static <T> T withConnection(StoreConfig config, String doing, ConnectionAction<T> action) {
        try (HikariDataSource ds = pool(config)) {
            return Jdbc.run(doing, () -> {
                try (Connection c = ds.getConnection()) {
                    return action.apply(c);
                }
            });
        }
    }

    /** What {@link #withConnection} runs. */
    interface ConnectionAction<T> {
        T apply(Connection c) throws SQLException;
    }

    private static void createRoot(Connection c, KryoCodec codec) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + Committer.LOCK_CLASS + ", " + Committer.COMMIT_LOCK + ")");
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM ns_object WHERE oid = " + Node.ROOT_OID + " AND end_tid IS NULL")) {
                if (rs.next()) {
                    c.rollback();
                    return;
                }
            }
            long tid;
            try (ResultSet rs = st.executeQuery("SELECT nextval('ns_tid_seq')")) {
                rs.next();
                tid = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ns_tx (tid, user_name, host, note) VALUES (?, ?, ?, 'create the root folder')")) {
                ps.setLong(1, tid);
                ps.setString(2, TxInfo.SYSTEM_USER);
                ps.setString(3, TxInfo.system(null).host());
                ps.executeUpdate();
            }
            Folder root = new Folder("", "");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_object (oid, tid, parent_oid, name, type_id, owner, state)"
                    + " VALUES (?, ?, NULL, '', ?, ?, ?)")) {
                ps.setLong(1, Node.ROOT_OID);
                ps.setLong(2, tid);
                ps.setInt(3, codec.types().idOf(Folder.class));
                ps.setString(4, TxInfo.SYSTEM_USER);
                ps.setBytes(5, codec.encode(root));
                ps.executeUpdate();
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * One plain connection, opened now so that a wrong URL or password fails here as with a pool, and lent out; a
     * pool only if the process ever needs a second connection at once (a reindex does, a run of a job does not).
     */
    private static SharedConnectionDataSource plain(StoreConfig config) {
        PGSimpleDataSource driver = driver(config);
        try {
            return new SharedConnectionDataSource(connect(driver), () -> pool(config, driver), true);
        } catch (SQLException e) {
            throw unreachable(config, e);
        }
    }

    /**
     * A connection as the driver's data source would open it, asked of the driver itself: the data source goes
     * through DriverManager, whose first use scans every jar for drivers and links a string concatenation it builds
     * for its log: part of a cron run's start that buys nothing here.
     */
    static Connection connect(PGSimpleDataSource source) throws SQLException {
        Properties login = new Properties();
        if (source.getUser() != null) {
            login.setProperty("user", source.getUser());
        }
        if (source.getPassword() != null) {
            login.setProperty("password", source.getPassword());
        }
        Connection c = DRIVER.connect(source.getUrl(), login);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL"); // StoreConfig accepts no other
        }
        return c;
    }

    /** The driver's own data source: every connection of the store, plain or pooled, comes from one of these. */
    private static PGSimpleDataSource driver(StoreConfig config) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.url());
        if (config.user() != null) {
            ds.setUser(config.user());
        }
        String password = config.password();
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setApplicationName(config.applicationName());
        ds.setReWriteBatchedInserts(true);
        ds.setTcpKeepAlive(true);
        if (config.pace() != null) {
            String options = ds.getOptions();
            ds.setOptions((options == null || options.isBlank() ? "" : options + " ") + Pacer.CONNECTION_OPTIONS);
        }
        return ds;
    }

    private static HikariDataSource pool(StoreConfig config) {
        return pool(config, driver(config));
    }

    private static HikariDataSource pool(StoreConfig config, DataSource driver) {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(driver);
        hc.setPoolName("nightshift-store");
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw unreachable(config, e.getCause() != null ? e.getCause() : e);
        }
    }

    private static StoreUnavailableException unreachable(StoreConfig config, Throwable cause) {
        return new StoreUnavailableException("cannot reach the store at " + config.maskedUrl() + ": "
                + firstLine(cause.getMessage())
                + "; check that PostgreSQL is running there and that the URL, user and password are right", cause);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already failing with the first error
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public Session openSession(String user) {
        return openSession(user, -1);
    }

    /** A read-only session at an older snapshot, or at the newest one when {@code asOf} is -1. */
    public Session openSession(String user, long asOf) {
        return Jdbc.run("opening a session", () -> {
            Connection c = dataSource.getConnection();
            try {
                return new StoreSession(this, c, user, asOf, asOf < 0 ? ahead : null);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        });
    }

    /** The newest committed tid. */
    public long lastTid() {
        return Jdbc.run("reading the last tid", () -> {
            try (Connection c = dataSource.getConnection()) {
                return lastTid(c);
            }
        });
    }

    long lastTid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(tid), 0) FROM ns_tx")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public TypeRegistry types() {
        return codec.types();
    }

    public StoreConfig config() {
        return config;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    /** Decodes a version's state as its node would ({@link StoredNode#object()}), for {@code Store.decodeState}. */
    public Object decodeState(long oid, String path, int typeId, byte[] state) {
        try {
            return codec.decode(typeId, state);
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new UnreadableStateException(oid, path, codec.types().describe(typeId), e);
        }
    }

    /** Cache size, hits and misses, for diagnostics and benchmarks. */
    public long[] cacheStats() {
        return new long[] {cache.size(), cache.hits(), cache.misses()};
    }

    KryoCodec codec() {
        return codec;
    }

    /** What a bulk loop of this store calls between batches, so that the store's other commits are not slowed. */
    public Pacer pacer() {
        return pacer;
    }

    ObjectCache cache() {
        return cache;
    }

    OidAllocator oids() {
        return oids;
    }

    @Override
    public void close() {
        if (owned != null) {
            pacer.close();
            closeQuietly(owned);
        }
    }
}
