package nightshift.store.internal;

import java.util.regex.Pattern;

/** The database names the embedded server accepts: safe to quote into SQL and to put in a JDBC URL. */
public final class DatabaseName {

    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private DatabaseName() {
    }

    /** {@code name}, when it is valid. */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name + "': use 1 to 63 characters, "
                    + "lower-case letters, digits and underscores, not starting with a digit (like 'nightshift_test')");
        }
        return name;
    }
}
