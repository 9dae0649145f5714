package nightshift.cli;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.StoreConfig;
import nightshift.store.UserDirectories;

/**
 * Where the store is and how to reach it, resolved highest first from: command-line options, the environment
 * ({@code NIGHTSHIFT_STORE_URL}, {@code NIGHTSHIFT_STORE_USER}, {@code NIGHTSHIFT_STORE_PASSWORD_FILE},
 * {@code NIGHTSHIFT_CONFIG}, {@code NIGHTSHIFT_STORE_DIR}, {@code NIGHTSHIFT_LIB}), a properties file
 * ({@code --config}, else {@code ~/.config/nightshift/nightshift.properties} or the same under {@code
 * $XDG_CONFIG_HOME}, else
 * {@code /etc/nightshift/nightshift.properties}), and finally the embedded store server.
 */
final class Settings {
    /** In the user's configuration directory ({@link nightshift.store.UserDirectories#config()}). */
    static final String USER_CONFIG = "nightshift.properties";
    static final Path SYSTEM_CONFIG = Path.of("/etc/nightshift/nightshift.properties");

    final String storeUrl;
    final String storeUser;
    final Path passwordFile;
    final Path storeDirectory;
    /** The --lib libraries (jars and directories of jars), in order; empty for none. */
    final List<Path> lib;
    final Path configFile;
    final int retentionDays;
    /** The jobs' pacing budget (null: off); see {@link StoreConfig.Builder#pace}. */
    final Duration pace;

    private Settings(String storeUrl, String storeUser, Path passwordFile, Path storeDirectory, List<Path> lib, Path configFile,
            int retentionDays, Duration pace) {
        this.storeUrl = storeUrl;
        this.storeUser = storeUser;
        this.passwordFile = passwordFile;
        this.storeDirectory = storeDirectory;
        this.lib = lib;
        this.configFile = configFile;
        this.retentionDays = retentionDays;
        this.pace = pace;
    }

    static Settings resolve(Nightshift root, Map<String, String> env, UserDirectories directories) {
        Path config = root.config != null ? root.config : path(env.get("NIGHTSHIFT_CONFIG"));
        boolean named = config != null;
        if (config == null) {
            Path user = directories.config().resolve(USER_CONFIG);
            config = Files.exists(user) ? user : Files.exists(SYSTEM_CONFIG) ? SYSTEM_CONFIG : null;
        }
        Properties props = new Properties();
        if (config != null) {
            if (!Files.exists(config)) {
                if (named) {
                    throw new MissingInputException("configuration file " + config + " does not exist;"
                            + " create it or fix --config / NIGHTSHIFT_CONFIG");
                }
            } else {
                try (Reader in = Files.newBufferedReader(config)) {
                    props.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    throw new ConfigException("cannot read configuration file " + config + ": " + e.getMessage());
                }
            }
        }
        String url = first(root.storeUrl, env.get("NIGHTSHIFT_STORE_URL"), props.getProperty("store.url"));
        String user = first(root.storeUser, env.get("NIGHTSHIFT_STORE_USER"), props.getProperty("store.user"));
        Path password = root.passwordFile != null ? root.passwordFile
                : path(first(null, env.get("NIGHTSHIFT_STORE_PASSWORD_FILE"), props.getProperty("store.password-file")));
        Path dir = root.storeDirectory != null ? root.storeDirectory
                : path(first(null, env.get("NIGHTSHIFT_STORE_DIR"), props.getProperty("store.directory")));
        if (dir == null) {
            dir = directories.data().resolve("store");
        }
        List<Path> lib = libraries(root.lib != null && !root.lib.isEmpty() ? String.join(File.pathSeparator, root.lib)
                : first(null, env.get("NIGHTSHIFT_LIB"), props.getProperty("lib")));
        String retention = props.getProperty("runs.retention-days", "90");
        int days;
        try {
            days = Integer.parseInt(retention.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("runs.retention-days in " + config + " must be a whole number of days, was '" + retention + "'");
        }
        if (days < 1) {
            throw new ConfigException("runs.retention-days in " + config + " must be at least 1, was " + days);
        }
        return new Settings(url, user, password, dir, lib, config, days, pace(props.getProperty("store.pace"), config));
    }

    /**
     * Connections of a command's pool (opened on demand: the pool keeps one idle). A reindex holds, besides its run's
     * connection, its reader session, the catalog batch's staging connection and its walk query, and briefly the
     * security rules' load: 4 starved it ("Connection is not available").
     */
    static final int POOL_SIZE = 8;
    /**
     * The store of a one-shot command: one plain connection, which a run of a job uses for everything (lock, run
     * record, user, session), and a pool of {@link #POOL_SIZE} only when the command needs more at once.
     */
    static final int ONE_SHOT = 0;

    boolean embedded() {
        return storeUrl == null;
    }

    /** The store configuration; with no URL anywhere, the embedded server's (started on first use, left running). */
    StoreConfig storeConfig(ClassLoader loader) {
        return storeConfig(loader, POOL_SIZE);
    }

    /** The store's settings, with a pool of {@code pool} connections (the scheduler), or {@link #ONE_SHOT}. */
    StoreConfig storeConfig(ClassLoader loader, int pool) {
        int size = pool == ONE_SHOT ? POOL_SIZE : pool;
        if (embedded()) {
            EmbeddedStoreServer.Endpoint endpoint = EmbeddedStoreServer.at(storeDirectory).attachOrStart();
            return StoreConfig.builder(endpoint.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE)).user(endpoint.user())
                    .passwordFile(endpoint.passwordFile()).classLoader(loader).poolSize(size).pooled(pool != ONE_SHOT).pace(pace)
                    .build();
        }
        StoreConfig.Builder b = StoreConfig.builder(storeUrl).classLoader(loader).poolSize(size).pooled(pool != ONE_SHOT).pace(pace);
        if (storeUser != null) {
            b.user(storeUser);
        }
        if (passwordFile != null) {
            if (!Files.exists(passwordFile)) {
                throw new MissingInputException("password file " + passwordFile + " does not exist;"
                        + " create it (mode 600) or fix --store-password-file");
            }
            b.passwordFile(passwordFile);
        } else {
            b.passwordEnv(StoreConfig.DEFAULT_PASSWORD_ENV);
        }
        return b.build();
    }

    /** {@code store.pace}: a duration ({@code 50ms}, {@code 1s}) or {@code off}; the store's default when unset. */
    private static Duration pace(String value, Path config) {
        if (value == null || value.isBlank()) {
            return StoreConfig.DEFAULT_PACE;
        }
        if (value.strip().equals("off")) {
            return null;
        }
        try {
            return Durations.parse(value.strip());
        } catch (RuntimeException e) {
            throw new ConfigException("store.pace in " + config + " must be a duration such as 50ms or 1s, or off; was '"
                    + value + "'");
        }
    }

    private static String first(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return c != null && !c.isBlank() ? c.trim() : null;
    }

    /** Jars and directories of jars, separated by the path separator (empty entries are left out). */
    private static List<Path> libraries(String s) {
        if (s == null) {
            return List.of();
        }
        return Arrays.stream(s.split(Pattern.quote(File.pathSeparator))).map(String::trim).filter(e -> !e.isEmpty())
                .map(Path::of).toList();
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Path.of(s.trim());
    }
}
