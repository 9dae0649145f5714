package nightshift.store.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * The store's stand-ins for a connection (a lent one, an intercepted one), all of one proxy class: the JDK generates
 * a proxy class per class loader and interface list, and generating one for an interface of Connection's size took
 * a few milliseconds of a cron run's first statement.
 */
final class ConnectionProxies {
    private static final Class<?>[] CONNECTION = {Connection.class};

    private ConnectionProxies() {
    }

    static Connection of(InvocationHandler handler) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), CONNECTION, handler);
    }
}
