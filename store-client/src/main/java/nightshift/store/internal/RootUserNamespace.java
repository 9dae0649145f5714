package nightshift.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import nightshift.store.EmbeddedServerException;

/**
 * PostgreSQL refuses to run as root. When this process is root, initdb, pg_ctl and postgres run
 * under {@code unshare --user} (util-linux): in a new user namespace without a uid mapping they
 * see themselves as the overflow uid 65534, while the kernel still grants them root's access as the
 * owner of root's files. Processes started that way can be stopped from another such invocation.
 */
public final class RootUserNamespace {

    private static final List<String> UNSHARE = List.of("unshare", "--user");

    private static volatile List<String> prefix;

    private RootUserNamespace() {
    }

    /** What to put before a PostgreSQL command line: nothing, or {@code unshare --user} for root. */
    public static List<String> commandPrefix() {
        List<String> known = prefix;
        if (known == null) {
            known = isRoot() ? checkedUnshare() : List.of();
            prefix = known;
        }
        return known;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux, where the embedded server does not run as root anyway
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> checkedUnshare() {
        Command.Result probe;
        try {
            probe = Command.run(List.of("unshare", "--user", "true"), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw refused("`unshare` (util-linux) is not installed", e);
        }
        if (!probe.succeeded()) {
            throw refused("`unshare --user true` failed: " + probe.output()
                    + " (user namespaces may be disabled, see sysctl user.max_user_namespaces)", null);
        }
        return UNSHARE;
    }

    private static EmbeddedServerException refused(String why, Throwable cause) {
        return new EmbeddedServerException("PostgreSQL refuses to run as root, and this process runs as root; "
                + "it would drop root with `unshare --user`, but " + why + ". Run nightshift as an ordinary user, "
                + "or point the store at a PostgreSQL server with a JDBC URL", cause);
    }
}
