package nightshift.security.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import nightshift.security.Permission;
import nightshift.security.Role;

/** Which roles grant each permission on one node: the defaults at the root, changed by overrides down the tree. */
public final class PermissionMap {
    private static final PermissionMap DEFAULTS = buildDefaults();

    private final Map<Permission, Set<Role>> rolesByPermission;

    private PermissionMap(Map<Permission, Set<Role>> rolesByPermission) {
        this.rolesByPermission = rolesByPermission;
    }

    /**
     * Manager: everything. Editor: View, AddContent, Modify, Delete. Contributor: View, AddContent. Owner: View,
     * Modify, Delete. Reader: View. Authenticated: nothing.
     */
    public static PermissionMap defaults() {
        return DEFAULTS;
    }

    private static PermissionMap buildDefaults() {
        Map<Permission, Set<Role>> m = new EnumMap<>(Permission.class);
        m.put(Permission.VIEW, EnumSet.of(Role.MANAGER, Role.EDITOR, Role.CONTRIBUTOR, Role.OWNER, Role.READER));
        m.put(Permission.ADD_CONTENT, EnumSet.of(Role.MANAGER, Role.EDITOR, Role.CONTRIBUTOR));
        m.put(Permission.MODIFY, EnumSet.of(Role.MANAGER, Role.EDITOR, Role.OWNER));
        m.put(Permission.DELETE, EnumSet.of(Role.MANAGER, Role.EDITOR, Role.OWNER));
        m.put(Permission.MANAGE_USERS, EnumSet.of(Role.MANAGER));
        m.put(Permission.MANAGE, EnumSet.of(Role.MANAGER));
        m.replaceAll((p, roles) -> Collections.unmodifiableSet(roles));
        return new PermissionMap(m);
    }

    /** This map with {@code role} gaining ({@code granted}) or losing {@code permission}. */
    public PermissionMap with(Role role, Permission permission, boolean granted) {
        Set<Role> roles = rolesByPermission.get(permission);
        if (roles.contains(role) == granted) {
            return this;
        }
        Map<Permission, Set<Role>> m = new EnumMap<>(rolesByPermission);
        EnumSet<Role> changed = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        if (granted) {
            changed.add(role);
        } else {
            changed.remove(role);
        }
        m.put(permission, Collections.unmodifiableSet(changed));
        return new PermissionMap(m);
    }

    /** The roles that grant {@code permission} here. */
    public Set<Role> rolesFor(Permission permission) {
        return rolesByPermission.get(permission);
    }
}
