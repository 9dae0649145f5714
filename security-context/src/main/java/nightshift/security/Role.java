package nightshift.security;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The built-in roles. A user holds roles globally, through its groups, as local roles on a subtree, and
 * {@link #OWNER} implicitly on every node it owns; {@link #AUTHENTICATED} is held by every user.
 */
public enum Role {
    MANAGER("Manager"),
    EDITOR("Editor"),
    CONTRIBUTOR("Contributor"),
    READER("Reader"),
    AUTHENTICATED("Authenticated"),
    OWNER("Owner");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name stored in the database and shown in messages, such as {@code Editor}. */
    public String label() {
        return label;
    }

    /** Whether the role can be granted (globally or locally); Owner and Authenticated are implicit. */
    public boolean grantable() {
        return this != OWNER && this != AUTHENTICATED;
    }

    /** The role with this label (case-insensitive); {@link IllegalArgumentException} naming the valid ones. */
    public static Role parse(String label) {
        for (Role r : values()) {
            if (r.label.equalsIgnoreCase(label) || r.name().equalsIgnoreCase(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role '" + label + "' (valid: "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
