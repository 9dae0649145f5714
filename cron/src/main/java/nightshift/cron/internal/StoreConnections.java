package nightshift.cron.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's connections come from the store's own pool: registered under a name Quartz's job store looks up.
 *
 * <p>While Quartz has a connection, the server ends the session if it sits in a transaction, idle, for longer than
 * the node's check-in interval ({@code idle_in_transaction_session_timeout}). Quartz holds its row of
 * {@code qrtz_locks} in such a transaction; a node stopped there (SIGSTOP, a frozen VM) would otherwise hold every
 * other node out of the scheduler's tables until it woke, and with them the recovery of its own firings. By the time
 * the cluster takes the node for dead, the server has ended its transaction; a node that wakes finds its connection
 * closed, and its fenced job store (FencedJobStore) acts on none of the claims it lost. The setting goes back to the
 * pool's own when Quartz gives the connection back, since the pool's connections serve job runs too.
 */
public final class StoreConnections implements ConnectionProvider {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final DataSource dataSource;
    private final long idleInTransactionMillis;

    private StoreConnections(DataSource dataSource, Duration idleInTransaction) {
        this.dataSource = dataSource;
        this.idleInTransactionMillis = Math.max(1, idleInTransaction.toMillis());
    }

    /**
     * Registers the data source with Quartz; returns the name to give {@code org.quartz.jobStore.dataSource}.
     * {@code idleInTransaction} is how long Quartz's transaction may wait on a stopped node before the server ends it.
     */
    public static String register(DataSource dataSource, String node, Duration idleInTransaction) {
        String name = "nightshift-" + node + "-" + NAMES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(name, new StoreConnections(dataSource, idleInTransaction));
        return name;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("SET idle_in_transaction_session_timeout = " + idleInTransactionMillis);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(StoreConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ResettingOnClose(c));
    }

    @Override
    public void shutdown() {
        // the pool is the store's: it closes with the store
    }

    @Override
    public void initialize() {
    }

    /** Gives the connection back to the pool with the pool's own idle-in-transaction setting. */
    private static final class ResettingOnClose implements InvocationHandler {
        private final Connection connection;
        private boolean closed;

        ResettingOnClose(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                close();
                return null;
            }
            if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && closed) {
                return true;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!connection.isClosed()) {
                    // Quartz gives a connection back between transactions; a RESET in a transaction of its own would
                    // be rolled back with it, so it is committed
                    try (Statement st = connection.createStatement()) {
                        st.execute("RESET idle_in_transaction_session_timeout");
                    }
                    if (!connection.getAutoCommit()) {
                        connection.commit();
                    }
                }
            } catch (SQLException e) {
                // a connection the server ended is broken: the pool drops it when it comes back
            } finally {
                connection.close();
            }
        }
    }
}
