package nightshift.cli;

import java.util.List;
import java.util.stream.Collectors;
import nightshift.security.Principal;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;

/** The checks shared by the user commands: user mistakes become the exceptions that give their exit codes. */
final class Users {
    private Users() {
    }

    /** A grantable role by its label; {@link BadUsageException} (64) naming the valid ones. */
    static Role role(String label) {
        Role role;
        try {
            role = Role.parse(label);
        } catch (IllegalArgumentException e) {
            throw new BadUsageException(e.getMessage());
        }
        if (!role.grantable()) {
            throw new BadUsageException(role + " is held implicitly and cannot be granted (grantable: " + grantable() + ")");
        }
        return role;
    }

    static String grantable() {
        return List.of(Role.values()).stream().filter(Role::grantable).map(Role::label).collect(Collectors.joining(", "));
    }

    /** Adds a user; an invalid or taken id is bad input (65). */
    static Principal add(PrincipalDirectory dir, String id, String displayName) {
        if (dir.find(id).isPresent()) {
            throw new BadInputException("a user or group '" + id + "' already exists; see `nightshift users list`");
        }
        try {
            return dir.addUser(id, displayName);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
