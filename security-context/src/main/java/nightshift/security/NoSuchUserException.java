package nightshift.security;

import java.util.List;

/** No user with this id in the directory (or the id names a group). The message lists the known users. */
public class NoSuchUserException extends SecurityContextException {
    private final String user;

    public NoSuchUserException(String user, String why, List<String> known) {
        super(why + " (known users: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + "); add one with `nightshift users add " + user + "`");
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
