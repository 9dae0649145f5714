package nightshift.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import nightshift.store.Store;
import nightshift.store.TxInfo;

/**
 * Who acts: a user, with the groups it belongs to (directly or through other groups) and the global roles it holds
 * through them, as read from the {@link PrincipalDirectory} when the context was made. What it may do on a node is
 * the {@link SecurityPolicy}'s to say, adding local roles and ownership there.
 *
 * <p>{@link #system()} is the store itself, for maintenance that is not content work: it passes every check and
 * its transactions are recorded as {@value TxInfo#SYSTEM_USER}. It is never a default; ask for it by name.
 */
public final class SecurityContext {
    private static final SecurityContext SYSTEM = new SecurityContext(TxInfo.SYSTEM_USER, Set.of(), Set.of(), true);

    private final String user;
    private final Set<String> groups;
    private final Set<Role> globalRoles;
    private final boolean system;

    SecurityContext(String user, Set<String> groups, Set<Role> globalRoles, boolean system) {
        this.user = Objects.requireNonNull(user, "user");
        this.groups = Set.copyOf(groups);
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(globalRoles);
        if (!system) {
            roles.add(Role.AUTHENTICATED);
        }
        this.globalRoles = Set.copyOf(roles);
        this.system = system;
    }

    /** The system principal: bypasses every check, records {@value TxInfo#SYSTEM_USER}. */
    public static SecurityContext system() {
        return SYSTEM;
    }

    /**
     * The context of an enabled user, read from the store's directory now; {@link NoSuchUserException} or
     * {@link UserDisabledException} otherwise.
     */
    public static SecurityContext forUser(Store store, String user) {
        return PrincipalDirectory.of(store).context(user);
    }

    /** The user's id, which sessions record as the owner of new nodes and as the user of every commit. */
    public String user() {
        return user;
    }

    public boolean isSystem() {
        return system;
    }

    /** Every group the user belongs to, directly or through other groups (disabled groups excluded). */
    public Set<String> groups() {
        return groups;
    }

    /** The roles held everywhere: the user's own, its groups', and {@link Role#AUTHENTICATED}. */
    public Set<Role> globalRoles() {
        return globalRoles;
    }

    /** Whether local roles given to {@code principal} (a user or group id) apply to this context. */
    public boolean actsAs(String principal) {
        return user.equals(principal) || groups.contains(principal);
    }

    /** A transaction record for this user, to add a job, run id or note to. */
    public TxInfo txInfo() {
        return TxInfo.of(user);
    }

    @Override
    public String toString() {
        return system ? "SecurityContext[system]" : "SecurityContext[" + user + ", groups=" + groups + ", roles=" + globalRoles + "]";
    }
}
