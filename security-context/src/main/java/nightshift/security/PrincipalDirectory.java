package nightshift.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nightshift.security.internal.Jdbc;
import nightshift.security.internal.NodeRuleRows;
import nightshift.store.Node;
import nightshift.store.Store;
import nightshift.store.TxInfo;

/**
 * The users and groups kept in the store, their global roles and group memberships, and the security rules on
 * nodes (local roles, blocked inheritance, permission overrides), all keyed by node oid so they follow a node
 * that moves.
 *
 * <p>This is the administration API: it does not check the caller, because the right to reach the store's database
 * is the right to administer it (nightshift never authenticates a person). Commands that act for a user should
 * check {@link Permission#MANAGE_USERS} or {@link Permission#MANAGE} with a {@link SecurityPolicy} first.
 * Changes take effect for sessions opened (or committed, or aborted) afterwards.
 */
public final class PrincipalDirectory {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final Jdbc jdbc;

    private PrincipalDirectory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public static PrincipalDirectory of(Store store) {
        return new PrincipalDirectory(new Jdbc(store.dataSource()));
    }

    // ---- principals ---------------------------------------------------------------------------------------------

    public Principal addUser(String id, String displayName) {
        return add(id, Principal.Kind.USER, displayName);
    }

    public Principal addGroup(String id, String displayName) {
        return add(id, Principal.Kind.GROUP, displayName);
    }

    private Principal add(String id, Principal.Kind kind, String displayName) {
        validId(id);
        String name = displayName == null || displayName.isBlank() ? id : displayName;
        return jdbc.inTransaction("add " + kindName(kind) + " '" + id + "'", c -> {
            if (load(c, id).isPresent()) {
                throw new SecurityContextException("a user or group '" + id + "' already exists");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_principal (id, kind, display_name) VALUES (?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, kindName(kind));
                ps.setString(3, name);
                ps.executeUpdate();
            }
            return load(c, id).orElseThrow();
        });
    }

    public Optional<Principal> find(String id) {
        return jdbc.read("find principal '" + id + "'", c -> load(c, id));
    }

    /** Every user, by id. */
    public List<Principal> users() {
        return list(Principal.Kind.USER);
    }

    /** Every group, by id. */
    public List<Principal> groups() {
        return list(Principal.Kind.GROUP);
    }

    /** A disabled user cannot act (no SecureSession opens for it); a disabled group grants nothing. */
    public void disable(String id) {
        setDisabled(id, true);
    }

    public void enable(String id) {
        setDisabled(id, false);
    }

    private void setDisabled(String id, boolean disabled) {
        update((disabled ? "disable '" : "enable '") + id + "'", "UPDATE ns_principal SET disabled = ? WHERE id = ?", c -> {
            require(c, id, null);
            return null;
        }, ps -> {
            ps.setBoolean(1, disabled);
            ps.setString(2, id);
        });
    }

    /** Makes {@code member} (a user or a group) a member of {@code group}; nothing happens if it already is. */
    public void addToGroup(String member, String group) {
        update("add '" + member + "' to group '" + group + "'",
                "INSERT INTO ns_group_member (group_id, member) VALUES (?, ?) ON CONFLICT DO NOTHING", c -> {
                    require(c, member, null);
                    require(c, group, Principal.Kind.GROUP);
                    if (member.equals(group)) {
                        throw new SecurityContextException("group '" + group + "' cannot be a member of itself");
                    }
                    return null;
                }, ps -> {
                    ps.setString(1, group);
                    ps.setString(2, member);
                });
    }

    public void removeFromGroup(String member, String group) {
        update("remove '" + member + "' from group '" + group + "'",
                "DELETE FROM ns_group_member WHERE group_id = ? AND member = ?", c -> null, ps -> {
                    ps.setString(1, group);
                    ps.setString(2, member);
                });
    }

    // ---- roles --------------------------------------------------------------------------------------------------

    /** Gives a user or group a role everywhere in the tree. */
    public void grant(String principal, Role role) {
        grantable(role);
        update("grant " + role + " to '" + principal + "'",
                "INSERT INTO ns_principal_role (principal, role) VALUES (?, ?) ON CONFLICT DO NOTHING", c -> require(c, principal, null),
                ps -> {
                    ps.setString(1, principal);
                    ps.setString(2, role.label());
                });
    }

    public void revoke(String principal, Role role) {
        update("revoke " + role + " from '" + principal + "'",
                "DELETE FROM ns_principal_role WHERE principal = ? AND role = ?", c -> null, ps -> {
                    ps.setString(1, principal);
                    ps.setString(2, role.label());
                });
    }

    /** Gives a user or group a role on {@code node} and everything below it (down to a node that blocks inheritance). */
    public void grantLocal(String principal, Role role, Node node) {
        grantable(role);
        update("grant " + role + " to '" + principal + "' on " + node.path(),
                "INSERT INTO ns_local_role (node_oid, principal, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                c -> require(c, principal, null), ps -> {
                    ps.setLong(1, node.oid());
                    ps.setString(2, principal);
                    ps.setString(3, role.label());
                });
    }

    public void revokeLocal(String principal, Role role, Node node) {
        update("revoke " + role + " from '" + principal + "' on " + node.path(),
                "DELETE FROM ns_local_role WHERE node_oid = ? AND principal = ? AND role = ?", c -> null, ps -> {
                    ps.setLong(1, node.oid());
                    ps.setString(2, principal);
                    ps.setString(3, role.label());
                });
    }

    /** The local roles given on this node itself (not inherited ones), by principal. */
    public Map<String, Set<Role>> localRoles(Node node) {
        return jdbc.read("read local roles on " + node.path(), c -> {
            Map<String, Set<Role>> result = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT principal, role FROM ns_local_role WHERE node_oid = ?")) {
                ps.setLong(1, node.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.computeIfAbsent(rs.getString(1), k -> EnumSet.noneOf(Role.class)).add(Role.parse(rs.getString(2)));
                    }
                }
            }
            return Map.copyOf(result);
        });
    }

    /** A local role as given: to whom, on which node (by oid), which role. */
    public record LocalRole(String principal, long nodeOid, Role role) {
    }

    /** Every local role given in the store, by principal, then node, then role. */
    public List<LocalRole> localRoles() {
        return jdbc.read("read the local roles", c -> {
            List<LocalRole> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT principal, node_oid, role FROM ns_local_role"
                    + " ORDER BY principal, node_oid, role"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new LocalRole(rs.getString(1), rs.getLong(2), Role.parse(rs.getString(3))));
                }
            }
            return List.copyOf(result);
        });
    }

    // ---- node rules ---------------------------------------------------------------------------------------------

    /**
     * Whether local roles given above {@code node} stop applying at it (and below it). Global roles, ownership and
     * local roles given on the node itself or below still apply.
     */
    public void blockInheritance(Node node, boolean block) {
        update((block ? "block" : "unblock") + " inheritance on " + node.path(),
                "INSERT INTO ns_node_security (node_oid, block_inheritance) VALUES (?, ?)"
                        + " ON CONFLICT (node_oid) DO UPDATE SET block_inheritance = EXCLUDED.block_inheritance", c -> null, ps -> {
                    ps.setLong(1, node.oid());
                    ps.setBoolean(2, block);
                });
    }

    /** From {@code node} down, {@code role} gains ({@code granted}) or loses {@code permission}. */
    public void setPermission(Node node, Role role, Permission permission, boolean granted) {
        update((granted ? "grant " : "deny ") + permission + " to role " + role + " on " + node.path(),
                "INSERT INTO ns_node_permission (node_oid, role, permission, granted) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (node_oid, role, permission) DO UPDATE SET granted = EXCLUDED.granted", c -> null, ps -> {
                    ps.setLong(1, node.oid());
                    ps.setString(2, role.label());
                    ps.setString(3, permission.label());
                    ps.setBoolean(4, granted);
                });
    }

    /** Removes an override on {@code node}: the role has the permission there exactly when it has it on the parent. */
    public void clearPermission(Node node, Role role, Permission permission) {
        update("clear the " + permission + " override of role " + role + " on " + node.path(),
                "DELETE FROM ns_node_permission WHERE node_oid = ? AND role = ? AND permission = ?", c -> null, ps -> {
                    ps.setLong(1, node.oid());
                    ps.setString(2, role.label());
                    ps.setString(3, permission.label());
                });
    }

    // ---- contexts -----------------------------------------------------------------------------------------------

    /** The security context of an enabled user; {@link NoSuchUserException} or {@link UserDisabledException}. */
    public SecurityContext context(String user) {
        return UserContexts.context(jdbc, user);
    }

    // ---- JDBC ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String what, String sql, Jdbc.Work<?> precheck, Binder binder) {
        jdbc.inTransaction(what, c -> {
            precheck.run(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private List<Principal> list(Principal.Kind kind) {
        return jdbc.read("list " + kindName(kind) + "s", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ns_principal WHERE kind = ? ORDER BY id")) {
                ps.setString(1, kindName(kind));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Principal> result = new ArrayList<>();
            for (String id : ids) {
                load(c, id).ifPresent(result::add);
            }
            return List.copyOf(result);
        });
    }

    private static Optional<Principal> load(Connection c, String id) throws SQLException {
        Principal.Kind kind;
        String displayName;
        boolean disabled;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, display_name, disabled FROM ns_principal WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                kind = "group".equals(rs.getString(1)) ? Principal.Kind.GROUP : Principal.Kind.USER;
                displayName = rs.getString(2);
                disabled = rs.getBoolean(3);
            }
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT role FROM ns_principal_role WHERE principal = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    roles.add(Role.parse(rs.getString(1)));
                }
            }
        }
        Set<String> groups = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT group_id FROM ns_group_member WHERE member = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new Principal(id, kind, displayName, disabled, roles, groups));
    }

    private static Object require(Connection c, String id, Principal.Kind kind) throws SQLException {
        Optional<Principal> p = load(c, id);
        if (p.isEmpty()) {
            throw new SecurityContextException("no user or group '" + id + "'; add one with `nightshift users add " + id
                    + "` (or `nightshift groups add " + id + "`)");
        }
        if (kind != null && p.get().kind() != kind) {
            throw new SecurityContextException("'" + id + "' is a " + kindName(p.get().kind()) + ", not a " + kindName(kind));
        }
        return p.get();
    }

    private static void validId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid principal id '" + id + "': 1-64 characters, letters, digits, '.', '_', '@', '-'"
                    + ", starting with a letter or digit");
        }
        if (TxInfo.SYSTEM_USER.equals(id)) {
            throw new IllegalArgumentException("'" + TxInfo.SYSTEM_USER + "' is reserved for the system context");
        }
    }

    private static void grantable(Role role) {
        if (!role.grantable()) {
            throw new IllegalArgumentException(role + " is held implicitly and cannot be granted"
                    + " (Owner: on what a user owns; Authenticated: by every user)");
        }
    }

    private static String kindName(Principal.Kind kind) {
        return kind == Principal.Kind.USER ? "user" : "group";
    }
}
