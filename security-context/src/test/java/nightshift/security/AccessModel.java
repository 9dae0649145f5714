package nightshift.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The security model as README's "Security model" section states it, written apart from the code it checks: a
 * small tree, principals and rule tables of its own, and the default permissions read from README's table. It
 * never calls SecurityPolicy; the only things it shares with the code are the names of roles and permissions.
 */
final class AccessModel {
    /** A node: the oid is the store's, so that rules keyed by oid follow a move here as they do in the store. */
    record MNode(long oid, long parent, String name, String owner, String content) {
    }

    /** A user or a group, as the directory was told. */
    record MPrincipal(String id, boolean group, boolean disabled, Set<Role> roles, Set<String> memberOf) {
    }

    record LocalRole(long oid, String principal, Role role) {
    }

    record OverrideKey(long oid, Role role, Permission permission) {
    }

    final Map<Role, Set<Permission>> defaults;
    final Map<String, MPrincipal> principals = new TreeMap<>();
    final Set<LocalRole> localRoles = new LinkedHashSet<>();
    final Set<Long> blocked = new TreeSet<>();
    final Map<OverrideKey, Boolean> overrides = new LinkedHashMap<>();

    AccessModel(Map<Role, Set<Permission>> defaults) {
        this.defaults = defaults;
    }

    // ---- the documented rules -----------------------------------------------------------------------------------

    /**
     * The groups a user belongs to, directly or through other groups; a disabled group grants nothing, not even the
     * membership of the groups it belongs to.
     */
    Set<String> groupsOf(String user) {
        Set<String> found = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(principals.get(user).memberOf());
        while (!todo.isEmpty()) {
            MPrincipal g = principals.get(todo.pop());
            if (!g.disabled() && found.add(g.id())) {
                todo.addAll(g.memberOf());
            }
        }
        return found;
    }

    /** The user's own roles, its groups' and Authenticated: held on every node. */
    Set<Role> globalRoles(String user) {
        EnumSet<Role> roles = EnumSet.of(Role.AUTHENTICATED);
        roles.addAll(principals.get(user).roles());
        for (String g : groupsOf(user)) {
            roles.addAll(principals.get(g).roles());
        }
        return roles;
    }

    /** Global roles, local roles from the node and its ancestors up to a block, and Owner. */
    Set<Role> rolesOn(String user, Tree tree, MNode node) {
        Set<String> acting = new HashSet<>(groupsOf(user));
        acting.add(user);
        Set<Role> roles = EnumSet.copyOf(globalRoles(user));
        EnumSet<Role> local = EnumSet.noneOf(Role.class);
        for (MNode n : tree.pathFromRoot(node)) {
            if (blocked.contains(n.oid())) {
                local.clear();
            }
            for (LocalRole l : localRoles) {
                if (l.oid() == n.oid() && acting.contains(l.principal())) {
                    local.add(l.role());
                }
            }
        }
        roles.addAll(local);
        if (user.equals(node.owner())) {
            roles.add(Role.OWNER);
        }
        return roles;
    }

    /** Whether {@code role} grants {@code permission} on the node: the default, changed by the nearest override above or on it. */
    boolean grants(Role role, Permission permission, Tree tree, MNode node) {
        boolean granted = defaults.get(role).contains(permission);
        for (MNode n : tree.pathFromRoot(node)) {
            Boolean o = overrides.get(new OverrideKey(n.oid(), role, permission));
            if (o != null) {
                granted = o;
            }
        }
        return granted;
    }

    boolean allows(String user, Permission permission, Tree tree, MNode node) {
        for (Role r : rolesOn(user, tree, node)) {
            if (grants(r, permission, tree, node)) {
                return true;
            }
        }
        return false;
    }

    /** The first node below {@code top}, depth-first in name order, on which the user lacks {@code permission}. */
    Optional<MNode> firstRefusedBelow(String user, Permission permission, Tree tree, MNode top) {
        for (MNode n : tree.below(top)) {
            if (!allows(user, permission, tree, n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    // ---- the tree -----------------------------------------------------------------------------------------------

    /** Nodes by oid, as committed or as one session sees them. */
    static final class Tree {
        private final Map<Long, MNode> nodes;

        Tree() {
            this(new HashMap<>());
        }

        private Tree(Map<Long, MNode> nodes) {
            this.nodes = nodes;
        }

        Tree copy() {
            return new Tree(new HashMap<>(nodes));
        }

        void put(MNode n) {
            nodes.put(n.oid(), n);
        }

        MNode get(long oid) {
            return nodes.get(oid);
        }

        boolean contains(long oid) {
            return nodes.containsKey(oid);
        }

        List<MNode> all() {
            List<MNode> all = new ArrayList<>(nodes.values());
            all.sort(Comparator.comparingLong(MNode::oid));
            return all;
        }

        List<MNode> children(MNode parent) {
            List<MNode> children = new ArrayList<>();
            for (MNode n : nodes.values()) {
                if (n.parent() == parent.oid() && n.oid() != parent.oid()) {
                    children.add(n);
                }
            }
            children.sort(Comparator.comparing(MNode::name));
            return children;
        }

        List<MNode> pathFromRoot(MNode node) {
            List<MNode> path = new ArrayList<>();
            for (MNode n = node; n != null; n = nodes.get(n.parent())) {
                path.add(n);
            }
            Collections.reverse(path);
            return path;
        }

        String path(MNode node) {
            StringBuilder b = new StringBuilder();
            for (MNode n : pathFromRoot(node)) {
                if (!n.name().isEmpty()) {
                    b.append('/').append(n.name());
                }
            }
            return b.length() == 0 ? "/" : b.toString();
        }

        /** Every node below {@code top}, depth-first: a node before its children, children by name. */
        List<MNode> below(MNode top) {
            List<MNode> order = new ArrayList<>();
            for (MNode child : children(top)) {
                order.add(child);
                order.addAll(below(child));
            }
            return order;
        }

        /** Whether {@code node} is {@code ancestor} or below it. */
        boolean within(MNode node, MNode ancestor) {
            return pathFromRoot(node).stream().anyMatch(n -> n.oid() == ancestor.oid());
        }

        void removeWithEverythingBelow(MNode top) {
            for (MNode n : below(top)) {
                nodes.remove(n.oid());
            }
            nodes.remove(top.oid());
        }
    }

    // ---- README's table -----------------------------------------------------------------------------------------

    /**
     * The default permissions from README's table ({@code | role | View | AddContent | ...}, one row per role, "yes"
     * where the role has the permission), so that the model checks the code against what the README says.
     */
    static Map<Role, Set<Permission>> defaultsFromReadme(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme.toAbsolutePath(), e);
        }
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| role | View |")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalStateException(readme.toAbsolutePath() + " has no '| role | View | ...' table of default permissions");
        }
        List<Permission> columns = new ArrayList<>();
        for (String cell : cells(lines.get(header)).subList(1, cells(lines.get(header)).size())) {
            columns.add(Permission.parse(cell));
        }
        Map<Role, Set<Permission>> defaults = new EnumMap<>(Role.class);
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> row = cells(lines.get(i));
            Role role = Role.parse(row.get(0).replace("(implicit)", "").strip());
            EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
            for (int c = 0; c < columns.size(); c++) {
                if (row.get(c + 1).equals("yes")) {
                    granted.add(columns.get(c));
                }
            }
            defaults.put(role, granted);
        }
        if (!defaults.keySet().equals(EnumSet.allOf(Role.class))) {
            throw new IllegalStateException("README's table of default permissions has rows for " + defaults.keySet()
                    + ", not for every role");
        }
        return defaults;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
