package nightshift.security.internal;

import java.util.Map;
import java.util.Set;
import nightshift.security.Role;

/**
 * The rules in force on one node after inheritance: local roles by principal (from this node and its ancestors,
 * up to the nearest node that blocks inheritance) and the role-to-permission map.
 */
public record EffectiveRules(Map<String, Set<Role>> localRoles, PermissionMap permissions) {
    public static final EffectiveRules ABOVE_ROOT = new EffectiveRules(Map.of(), PermissionMap.defaults());
}
