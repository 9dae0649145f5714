package nightshift.cli;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who or what started a run of {@code run} or {@code script}, as its record says: {@code --started-by}, else
 * {@code NIGHTSHIFT_STARTED_BY}, else {@code manual} at a terminal and {@code cron} without one (cron, a timer,
 * another program). {@code status} judges runs by it, so a try by hand does not page anyone.
 */
final class StartedBy {
    static final String ENV = "NIGHTSHIFT_STARTED_BY";
    static final String MANUAL = "manual";
    static final String UNATTENDED = "cron";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private StartedBy() {
    }

    static String of(String option, Map<String, String> env, boolean terminal) {
        if (option != null) {
            return checked(option, "--started-by");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checked(fromEnv.strip(), ENV);
        }
        return terminal ? MANUAL : UNATTENDED;
    }

    private static String checked(String name, String from) {
        if (!NAME.matcher(name).matches()) {
            throw new BadUsageException(from + " takes one word of letters, digits, '.', '_' or '-' (such as cron or manual),"
                    + " was '" + name + "'");
        }
        return name;
    }
}
