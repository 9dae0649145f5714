package nightshift.store.internal;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * A connection that runs an action before every call on it, except the calls named: the session's connection waits
 * for its spill in flight ({@link StagedWrites#settle}), and a commit hook's sends the session's held-back writes
 * first. Equal only to itself.
 */
final class InterceptedConnection {
    /** Closing a session's connection does not wait for its spill: the session forgets its staged writes first. */
    static final Set<String> NOT_CLOSING = Set.of("close", "isClosed", "abort");

    @FunctionalInterface
    interface Before {
        void run() throws SQLException;
    }

    private InterceptedConnection() {
    }

    static Connection wrap(Connection connection, Before before, Set<String> exempt) {
        return ConnectionProxies.of((proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "intercepted " + connection;
                };
            }
            if (!exempt.contains(method.getName())) {
                before.run();
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
