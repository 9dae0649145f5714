package nightshift.security;

/**
 * The acting user lacks a permission on a node. Thrown before the operation happens: nothing was staged for it,
 * and what the session staged before is untouched (commit it or abort, as the caller decides).
 */
public class AccessDeniedException extends SecurityContextException {
    private final String user;
    private final Permission permission;
    private final String path;

    public AccessDeniedException(String user, Permission permission, String path, String detail) {
        super("user '" + user + "' may not " + permission.label() + " " + path + (detail == null ? "" : " (" + detail + ")"));
        this.user = user;
        this.permission = permission;
        this.path = path;
    }

    public String user() {
        return user;
    }

    public Permission permission() {
        return permission;
    }

    public String path() {
        return path;
    }

    @Override
    public int exitCode() {
        return NO_PERMISSION;
    }
}
