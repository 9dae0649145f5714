package nightshift.store.internal;

import java.sql.SQLException;
import nightshift.store.StoreException;
import nightshift.store.StoreUnavailableException;

/** The one place where {@link SQLException} becomes a {@link StoreException}. */
final class Jdbc {
    private Jdbc() {
    }

    static StoreException wrap(SQLException e, String doing) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return new StoreUnavailableException("lost the connection to the store while " + doing + ": "
                    + e.getMessage() + "; nothing of this session was committed, run it again when the store is back", e);
        }
        return new StoreException("database error while " + doing + ": " + e.getMessage(), e);
    }

    /** A JDBC action that may throw; see {@link #run}. */
    interface Action<T> {
        T run() throws SQLException;
    }

    static <T> T run(String doing, Action<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            throw wrap(e, doing);
        }
    }
}
