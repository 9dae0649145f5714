package nightshift.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nightshift.security.internal.Jdbc;
import nightshift.security.internal.NodeRuleRows;
import nightshift.store.TxInfo;

/**
 * What a user may do, read from the directory: the user's enabled groups (transitively) and every role granted to the
 * user or to one of them, alone or with every node rule in the same round trip, as each run of a job starts.
 */
final class UserContexts {
    private UserContexts() {
    }

    /** The security context of an enabled user; {@link NoSuchUserException} or {@link UserDisabledException}. */
    static SecurityContext context(Jdbc jdbc, String user) {
        notSystem(user);
        return jdbc.read("read user '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(CONTEXT)) {
                ps.setString(1, user);
                ps.setString(2, user);
                try (ResultSet rs = ps.executeQuery()) {
                    return context(c, rs, user);
                }
            }
        });
    }

    /** A user's context and every node rule, as a secure session starts with them. */
    record ContextAndRules(SecurityContext context, NodeRuleRows rules) {
    }

    /** The same as {@link #context} and {@link NodeRuleRows#load}, in one round trip: every run of a job starts here. */
    static ContextAndRules contextAndRules(Jdbc jdbc, String user) {
        notSystem(user);
        return jdbc.read("read user '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(contextAndRulesSql())) {
                ps.setString(1, user);
                ps.setString(2, user);
                ps.execute();
                return readContextAndRules(ps, user);
            }
        });
    }

    static String contextAndRulesSql() {
        return CONTEXT + ";\n" + NodeRuleRows.SQL;
    }

    /** Reads {@link #contextAndRulesSql}'s two results, the first of them {@code st}'s current one. */
    static ContextAndRules readContextAndRules(Statement st, String user) throws SQLException {
        SecurityContext ctx;
        try (ResultSet rs = st.getResultSet()) {
            ctx = context(st.getConnection(), rs, user);
        }
        st.getMoreResults();
        try (ResultSet rs = st.getResultSet()) {
            return new ContextAndRules(ctx, NodeRuleRows.read(rs));
        }
    }

    // The principal, its enabled groups (transitively) and the roles granted to it or to any of them.
    private static final String CONTEXT = "WITH RECURSIVE g(id) AS ("
            + " SELECT m.group_id FROM ns_group_member m JOIN ns_principal p ON p.id = m.group_id"
            + "  WHERE m.member = ? AND NOT p.disabled"
            + " UNION SELECT m.group_id FROM ns_group_member m JOIN g ON m.member = g.id"
            + "  JOIN ns_principal p ON p.id = m.group_id WHERE NOT p.disabled)"
            + " SELECT u.kind, u.disabled, ARRAY(SELECT id FROM g),"
            + "  ARRAY(SELECT DISTINCT role FROM ns_principal_role WHERE principal = u.id OR principal IN (SELECT id FROM g))"
            + " FROM ns_principal u WHERE u.id = ?";

    static void notSystem(String user) {
        if (TxInfo.SYSTEM_USER.equals(user)) {
            throw new SecurityContextException("'" + TxInfo.SYSTEM_USER + "' is not a user: ask for SecurityContext.system() by name");
        }
    }

    private static SecurityContext context(Connection c, ResultSet rs, String user) throws SQLException {
        if (!rs.next()) {
            throw new NoSuchUserException(user, "no such user '" + user + "'", userIds(c));
        }
        if ("group".equals(rs.getString(1))) {
            throw new NoSuchUserException(user, "'" + user + "' is a group, not a user", userIds(c));
        }
        if (rs.getBoolean(2)) {
            throw new UserDisabledException(user);
        }
        Set<String> groups = new HashSet<>(List.of((String[]) rs.getArray(3).getArray()));
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : (String[]) rs.getArray(4).getArray()) {
            roles.add(Role.parse(role));
        }
        return new SecurityContext(user, groups, roles, false);
    }

    private static List<String> userIds(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ns_principal WHERE kind = 'user' ORDER BY id LIMIT 21");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        if (ids.size() > 20) {
            ids.set(20, "... (see `nightshift users list`)");
        }
        return ids;
    }

}
