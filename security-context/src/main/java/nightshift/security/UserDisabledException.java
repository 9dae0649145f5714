package nightshift.security;

/** The user exists but is disabled, so nothing may act as it. */
public class UserDisabledException extends SecurityContextException {
    private final String user;

    public UserDisabledException(String user) {
        super("user '" + user + "' is disabled; enable it with `nightshift users enable " + user + "`");
        this.user = user;
    }

    public String user() {
        return user;
    }

    @Override
    public int exitCode() {
        return NO_USER;
    }
}
