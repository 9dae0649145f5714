package nightshift.security;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import nightshift.store.spi.ReadAhead;

/**
 * A user's security context and the node rules, read ahead: its statements go to the server in a round trip the
 * caller makes anyway (a job run's RUNNING record), and {@link SecureSession#open(nightshift.store.Store, UserReadAhead)}
 * starts from what they read instead of asking again. A round trip less for every run of a job.
 */
public final class UserReadAhead {
    private final String user;
    private UserContexts.ContextAndRules read;
    private RuntimeException refused;

    private UserReadAhead(String user) {
        this.user = user;
    }

    /** For {@code user}, who may not be {@code system} (that context reads nothing). */
    public static UserReadAhead of(String user) {
        UserContexts.notSystem(user);
        return new UserReadAhead(user);
    }

    public String user() {
        return user;
    }

    /**
     * The statements to send after the caller's own, and the reading of their results. A user who does not exist or
     * is disabled is kept as the exception {@link SecureSession#open(nightshift.store.Store, UserReadAhead)} throws.
     */
    public ReadAhead asReadAhead() {
        return new Statements();
    }

    /** Whether the results of {@link #asReadAhead()}'s statements have been read. */
    public boolean isRead() {
        return read != null || refused != null;
    }

    UserContexts.ContextAndRules contextAndRules() {
        if (refused != null) {
            throw refused;
        }
        if (read == null) {
            throw new IllegalStateException("the read-ahead of user '" + user + "' was not read");
        }
        return read;
    }

    /** What the caller sends: the context's and the rules' queries, read into this read-ahead. */
    private final class Statements implements ReadAhead {
        @Override
        public String sql() {
            return UserContexts.contextAndRulesSql();
        }

        @Override
        public List<Object> parameters() {
            return List.of(user, user);
        }

        @Override
        public void read(Statement st) throws SQLException {
            try {
                read = UserContexts.readContextAndRules(st, user);
            } catch (NoSuchUserException | UserDisabledException e) {
                refused = e;
                st.getMoreResults(); // past the rules, as after a read: a read-ahead sent after this one reads next
            }
        }
    }
}
