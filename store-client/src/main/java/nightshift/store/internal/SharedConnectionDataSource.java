package nightshift.store.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over one connection, lent to one borrower at a time; a borrower that comes while it is out gets a
 * connection from the overflow data source instead, made on first need. Giving the lent connection back rolls back
 * what its borrower left open and restores autocommit, as a pool would. Two uses: a one-shot process, whose one
 * plain connection it lends (the overflow is a pool, opened only if the process ever needs two connections at
 * once); and a unit of work that holds a pooled connection already (a job run, which holds its lock on it), whose
 * sessions and reads should use that one rather than take a second from the pool.
 */
final class SharedConnectionDataSource implements DataSource, AutoCloseable {
    private final Connection shared;
    private final Supplier<DataSource> overflow;
    private final boolean owned;
    private boolean lent;
    private DataSource overflowOpened;

    /**
     * With {@code owned}, {@link #close()} closes the shared connection and the overflow if it was made; otherwise
     * their owner keeps them.
     */
    SharedConnectionDataSource(Connection shared, Supplier<DataSource> overflow, boolean owned) {
        this.shared = shared;
        this.overflow = overflow;
        this.owned = owned;
    }

    @Override
    public Connection getConnection() throws SQLException {
        synchronized (this) {
            if (!lent && !shared.isClosed()) {
                lent = true;
                return ConnectionProxies.of(new Lent());
            }
            if (overflowOpened == null) {
                overflowOpened = overflow.get();
            }
        }
        return overflowOpened.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store's connections all log in as its configured user");
    }

    private void giveBack() throws SQLException {
        try {
            if (!shared.isClosed() && !shared.getAutoCommit()) {
                shared.rollback();
                shared.setAutoCommit(true);
            }
        } finally {
            synchronized (this) {
                lent = false;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (!owned) {
            return;
        }
        try {
            shared.close();
        } finally {
            if (overflowOpened instanceof Closeable pool) {
                try {
                    pool.close();
                } catch (IOException e) {
                    throw new SQLException("could not close the overflow pool", e);
                }
            }
        }
    }

    /** The borrower's handle: everything goes to the shared connection except close, which gives it back. */
    private final class Lent implements InvocationHandler {
        private boolean closed;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!closed) {
                        closed = true;
                        giveBack();
                    }
                    return null;
                case "isClosed":
                    return closed || shared.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "lent " + shared;
                default:
                    if (closed) {
                        throw new SQLException("this connection was given back to the store; borrow another");
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // nothing logs through it
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the overflow's and the URL's settings apply
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
