package nightshift.security;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an operation needs. Which roles grant which permission is a {@link SecurityPolicy} matter, per node. */
public enum Permission {
    /** Read a node and list it among its folder's children. */
    VIEW("View"),
    /** Create a node in a folder (and move one into it). */
    ADD_CONTENT("AddContent"),
    /** Change a node's object. */
    MODIFY("Modify"),
    /** Delete a node (and move one out of its folder). */
    DELETE("Delete"),
    /** Change the principals directory; for administration commands to check. */
    MANAGE_USERS("ManageUsers"),
    /** Change local roles and permission overrides on a node; for administration commands to check. */
    MANAGE("Manage");

    private final String label;

    Permission(String label) {
        this.label = label;
    }

    /** The name stored in the database and shown in messages, such as {@code AddContent}. */
    public String label() {
        return label;
    }

    /** The permission with this label (case-insensitive); {@link IllegalArgumentException} naming the valid ones. */
    public static Permission parse(String label) {
        for (Permission p : values()) {
            if (p.label.equalsIgnoreCase(label) || p.name().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no permission '" + label + "' (valid: "
                + Arrays.stream(values()).map(Permission::label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
