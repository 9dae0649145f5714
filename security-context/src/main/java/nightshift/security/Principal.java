package nightshift.security;

import java.util.Objects;
import java.util.Set;

/**
 * A user or a group as the directory holds it: its id, display name, whether it is disabled, its own global roles
 * and the groups it belongs to directly.
 */
public record Principal(String id, Kind kind, String displayName, boolean disabled, Set<Role> roles, Set<String> groups) {
    public enum Kind { USER, GROUP }

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }
}
