package nightshift.store.catalog.internal;

import java.sql.SQLException;
import nightshift.store.StoreException;
import nightshift.store.StoreUnavailableException;

/** Where the catalog's {@link SQLException}s become {@link StoreException}s. */
public final class Sql {
    private Sql() {
    }

    /** A JDBC action that may throw. */
    public interface Action<T> {
        T run() throws SQLException;
    }

    public static <T> T run(String doing, Action<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            throw wrap(e, doing);
        }
    }

    public static StoreException wrap(SQLException e, String doing) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return new StoreUnavailableException("lost the connection to the store while " + doing + ": " + e.getMessage(), e);
        }
        return new StoreException("database error while " + doing + ": " + e.getMessage(), e);
    }

    /** The SQL condition "column is the node at path or below it"; binds nothing for the root. */
    public static String subtree(String column, String path) {
        return path.equals("/") ? "true" : "(" + column + " = ? OR (" + column + " > ? AND " + column + " < ?))";
    }

    /** Binds {@link #subtree}'s parameters from index {@code i}; returns the next index. */
    public static int bindSubtree(java.sql.PreparedStatement ps, int i, String path) throws SQLException {
        if (path.equals("/")) {
            return i;
        }
        ps.setString(i, path);
        ps.setString(i + 1, path + "/");
        ps.setString(i + 2, path + "0");
        return i + 3;
    }

    /** The path and each of its ancestors, for looking up the nearest recorded index state. */
    public static String[] selfAndAncestors(String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(path);
        for (String p = path; !p.equals("/"); ) {
            int slash = p.lastIndexOf('/');
            p = slash == 0 ? "/" : p.substring(0, slash);
            out.add(p);
        }
        return out.toArray(String[]::new);
    }

    public static String parentOf(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
