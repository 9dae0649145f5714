package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import nightshift.store.StoreConfigException;

/**
 * What a database role needs to run nightshift against a store whose schema another role owns: the rows of every
 * table (the schema history only read), the sequences (drawing, and a long commit moving the tid sequence up to its
 * reserved tid), the functions, temporary tables (a session's staged writes), and creating tables in the schema (a
 * catalog batch stages its rows in an unlogged table of its own). Nothing more: not the schema's ownership, not
 * superuser, not reading every backend's statistics.
 */
public final class AccessGrants {
    private AccessGrants() {
    }

    /** The statements for the store's database and schema, naming {@code role}. */
    public static List<String> statements(nightshift.store.StoreConfig config, String role) {
        return StoreRuntime.withConnection(config, "listing the grants for " + role, c -> statements(c, role));
    }

    /** Applies them, connected as {@code config} says (the schema's owner). */
    public static List<String> apply(nightshift.store.StoreConfig config, String role) {
        return StoreRuntime.withConnection(config, "granting " + role + " access to the store", c -> apply(c, role));
    }

    static List<String> statements(Connection c, String role) throws SQLException {
        String database;
        String schema;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database(), current_schema()")) {
            rs.next();
            database = rs.getString(1);
            schema = rs.getString(2);
        }
        String r = quote(role);
        String s = quote(schema);
        return List.of(
                "GRANT CONNECT, TEMPORARY ON DATABASE " + quote(database) + " TO " + r,
                "GRANT USAGE, CREATE ON SCHEMA " + s + " TO " + r,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + r,
                "REVOKE INSERT, UPDATE, DELETE ON " + s + "." + Schema.HISTORY_TABLE + " FROM " + r,
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + s + " TO " + r,
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + s + " TO " + r);
    }

    /** Applies them in one transaction; {@link StoreConfigException} naming the role if it does not exist. */
    static List<String> apply(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreConfigException("there is no database role '" + role + "'; create it first"
                            + " (CREATE ROLE " + quote(role) + " LOGIN PASSWORD '...'), then grant it access again");
                }
            }
        }
        List<String> statements = statements(c, role);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return statements;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
