package nightshift.store.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;

/**
 * The session's connection as the rest of the session sees it: every call first waits for the staged writes' spill
 * still on its way to the server ({@link StagedWrites#settle}). A COPY holds the connection until it ends, so without
 * this a read would wait on itself; and the read must see the spilled rows anyway. Closing does not wait: the
 * session forgets its staged writes first.
 */
final class SettlingConnection {
    private static final Set<String> WITHOUT_SETTLING = Set.of("close", "isClosed", "abort");

    private SettlingConnection() {
    }

    static Connection wrap(Connection connection, StagedWrites staged) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        // identity of the proxy itself: a connection equal to itself, as any other
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "settling " + connection;
                        };
                    }
                    if (!WITHOUT_SETTLING.contains(method.getName())) {
                        staged.settle();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
