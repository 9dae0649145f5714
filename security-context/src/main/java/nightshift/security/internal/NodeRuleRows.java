package nightshift.security.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nightshift.security.Permission;
import nightshift.security.Role;

/**
 * Every node rule in the store, as loaded at one moment: local roles (of enabled principals), the nodes that
 * block inheritance and the permission overrides, each by node oid. Small next to the tree: a site has rules on
 * tens or hundreds of nodes, not on every node.
 */
public record NodeRuleRows(Map<Long, Map<String, Set<Role>>> localRoles, Set<Long> blocked,
                           Map<Long, List<Override>> overrides) {

    /** One permission override on one node. */
    public record Override(Role role, Permission permission, boolean granted) {
    }

    public NodeRuleRows {
        localRoles = Map.copyOf(localRoles);
        blocked = Set.copyOf(blocked);
        overrides = Map.copyOf(overrides);
    }

    public boolean hasRules(long oid) {
        return localRoles.containsKey(oid) || blocked.contains(oid) || overrides.containsKey(oid);
    }

    /** The three kinds of rule in one statement (a run reads them once, at its start). */
    public static final String SQL = "SELECT 'local', l.node_oid, l.principal, l.role, NULL::text, NULL::boolean"
            + " FROM ns_local_role l JOIN ns_principal p ON p.id = l.principal WHERE NOT p.disabled"
            + " UNION ALL SELECT 'blocked', node_oid, NULL, NULL, NULL, NULL FROM ns_node_security WHERE block_inheritance"
            + " UNION ALL SELECT 'override', node_oid, NULL, role, permission, granted FROM ns_node_permission";

    public static NodeRuleRows load(Jdbc jdbc) {
        return jdbc.read("load the local roles and node security rules", c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        });
    }

    /** The rules from the rows of {@link #SQL}. */
    public static NodeRuleRows read(ResultSet rs) throws SQLException {
        Map<Long, Map<String, Set<Role>>> local = new HashMap<>();
        Set<Long> blocked = new HashSet<>();
        Map<Long, List<Override>> overrides = new HashMap<>();
        while (rs.next()) {
            long oid = rs.getLong(2);
            switch (rs.getString(1)) {
                case "local" -> local.computeIfAbsent(oid, k -> new HashMap<>())
                        .computeIfAbsent(rs.getString(3), k -> EnumSet.noneOf(Role.class))
                        .add(Role.parse(rs.getString(4)));
                case "blocked" -> blocked.add(oid);
                default -> overrides.computeIfAbsent(oid, k -> new ArrayList<>())
                        .add(new Override(Role.parse(rs.getString(4)), Permission.parse(rs.getString(5)), rs.getBoolean(6)));
            }
        }
        local.replaceAll((oid, byPrincipal) -> {
            byPrincipal.replaceAll((p, roles) -> Set.copyOf(roles));
            return Map.copyOf(byPrincipal);
        });
        overrides.replaceAll((oid, list) -> List.copyOf(list));
        return new NodeRuleRows(local, blocked, overrides);
    }
}
