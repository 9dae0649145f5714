package nightshift.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where nightshift keeps a user's files, as the XDG base directories say: data (the embedded store, the demo's site)
 * under {@code $XDG_DATA_HOME}, else {@code $HOME/.local/share}; the configuration file under {@code
 * $XDG_CONFIG_HOME}, else {@code $HOME/.config}; the unpacked PostgreSQL binaries under {@code $XDG_CACHE_HOME},
 * else {@code $HOME/.cache}; each in a directory {@code nightshift}. A variable that is unset, empty or not an
 * absolute path is ignored (as the XDG specification says); with no {@code $HOME} either, the JVM's {@code
 * user.home} is the home directory.
 *
 * @param home   the home directory
 * @param data   {@code nightshift} in the user's data directory
 * @param config {@code nightshift} in the user's configuration directory
 * @param cache  {@code nightshift} in the user's cache directory
 */
public record UserDirectories(Path home, Path data, Path config, Path cache) {
    private static final String NIGHTSHIFT = "nightshift";

    /** The directories of this process's environment. */
    public static UserDirectories current() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The directories of this environment; {@code fallbackHome} when it has no {@code HOME}. */
    public static UserDirectories of(Map<String, String> env, Path fallbackHome) {
        Path home = absolute(env.get("HOME"));
        if (home == null) {
            home = fallbackHome;
        }
        return new UserDirectories(home, base(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve(NIGHTSHIFT),
                base(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve(NIGHTSHIFT),
                base(env, "XDG_CACHE_HOME", home.resolve(".cache")).resolve(NIGHTSHIFT));
    }

    private static Path base(Map<String, String> env, String variable, Path otherwise) {
        Path set = absolute(env.get(variable));
        return set != null ? set : otherwise;
    }

    private static Path absolute(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : null;
    }
}
