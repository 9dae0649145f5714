package nightshift.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach the store and how the client behaves. Built once, then immutable; impossible values are refused
 * by {@link Builder#build()} naming the setting. The password is read from a file or an environment variable,
 * never taken from a command line, and never printed: {@link #toString()} and {@link #maskedUrl()} hide it.
 */
public final class StoreConfig {
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /**
     * Connections at most (opened on demand; one kept idle). A job run holds up to three at once (its control
     * connection, its session, briefly the security rules' load), a reindex more: with half as many, four
     * concurrent runs waited out the pool's timeout for a connection and failed (the benchmark's conflict storm).
     */
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final int DEFAULT_STAGE_BUFFER = 5_000;
    /** How much a job may slow the store's small commits before it pauses: see {@link Builder#pace(Duration)}. */
    public static final Duration DEFAULT_PACE = Duration.ofMillis(50);
    public static final String DEFAULT_PASSWORD_ENV = "NIGHTSHIFT_STORE_PASSWORD";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private final String url;
    private final String user;
    private final Path passwordFile;
    private final String passwordEnv;
    private final int cacheSize;
    private final int poolSize;
    private final boolean pooled;
    private final int stageBuffer;
    private final Path spillDirectory;
    private final ClassLoader classLoader;
    private final List<Class<?>> types;
    private final String applicationName;
    private final Duration pace;

    private StoreConfig(Builder b) {
        this.url = b.url;
        this.user = b.user;
        this.passwordFile = b.passwordFile;
        this.passwordEnv = b.passwordEnv;
        this.cacheSize = b.cacheSize;
        this.poolSize = b.poolSize;
        this.pooled = b.pooled;
        this.stageBuffer = b.stageBuffer;
        this.spillDirectory = b.spillDirectory;
        this.classLoader = b.classLoader;
        this.types = List.copyOf(b.types);
        this.applicationName = b.applicationName;
        this.pace = b.pace;
    }

    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    public String url() {
        return url;
    }

    /** The URL with any password in it replaced by {@code ***}: the only form that goes into logs and messages. */
    public String maskedUrl() {
        return mask(url);
    }

    public String user() {
        return user;
    }

    public int cacheSize() {
        return cacheSize;
    }

    public int poolSize() {
        return poolSize;
    }

    /** False for a one-shot process: see {@link Builder#pooled(boolean)}. */
    public boolean pooled() {
        return pooled;
    }

    /** How many staged writes a session keeps on the heap before spilling them. */
    public int stageBuffer() {
        return stageBuffer;
    }

    /** Where a session that spills keeps its new versions until commit: {@code java.io.tmpdir} when null. */
    public Path spillDirectory() {
        return spillDirectory;
    }

    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Types registered in addition to the content kit and those found through {@code TypeProvider}. */
    public List<Class<?>> types() {
        return types;
    }

    public String applicationName() {
        return applicationName;
    }

    /**
     * How much slower than its fastest a small commit of the store may become while a job of this store works
     * before the job pauses; null when jobs never pause. See {@link Builder#pace(Duration)}.
     */
    public Duration pace() {
        return pace;
    }

    /**
     * Reads the password: from the password file when one is set (refusing a file that group or others have any
     * access to, as PostgreSQL does with .pgpass), else from the environment variable, else none.
     */
    public String password() {
        if (passwordFile != null) {
            return readPasswordFile(passwordFile);
        }
        if (passwordEnv != null) {
            return System.getenv(passwordEnv);
        }
        return null;
    }

    static String readPasswordFile(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> others = EnumSet.copyOf(perms);
            others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            if (!others.isEmpty()) {
                throw new StoreConfigException("password file " + file + " is open to group or others (mode "
                        + PosixFilePermissions.toString(perms) + "); restrict it with `chmod 600 " + file + "`");
            }
            String content = Files.readString(file).strip();
            int nl = content.indexOf('\n');
            return nl < 0 ? content : content.substring(0, nl).strip();
        } catch (UnsupportedOperationException e) {
            try {
                return Files.readString(file).strip();
            } catch (IOException io) {
                throw new StoreConfigException("cannot read password file " + file + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new StoreConfigException("cannot read password file " + file + ": " + e.getMessage()
                    + "; create it (mode 600) or point the store's password-file setting elsewhere", e);
        }
    }

    static String mask(String url) {
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1***");
        return URL_USERINFO.matcher(masked).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + maskedUrl() + ", user=" + user
                + ", password=" + (passwordFile != null ? "file " + passwordFile : passwordEnv != null ? "env " + passwordEnv : "none")
                + ", cacheSize=" + cacheSize + ", poolSize=" + (pooled ? poolSize : "unpooled") + ", stageBuffer=" + stageBuffer
                + (spillDirectory == null ? "" : ", spillDirectory=" + spillDirectory)
                + ", pace=" + (pace == null ? "off" : pace.toMillis() + "ms") + "]";
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private final String url;
        private String user;
        private Path passwordFile;
        private String passwordEnv;
        private int cacheSize = DEFAULT_CACHE_SIZE;
        private int poolSize = DEFAULT_POOL_SIZE;
        private boolean pooled = true;
        private int stageBuffer = DEFAULT_STAGE_BUFFER;
        private Path spillDirectory;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private final List<Class<?>> types = new ArrayList<>();
        private String applicationName = "nightshift";
        private Duration pace = DEFAULT_PACE;

        private Builder(String url) {
            this.url = url;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            return this;
        }

        /** Reads the password from this environment variable when no password file is set. */
        public Builder passwordEnv(String variable) {
            this.passwordEnv = variable;
            return this;
        }

        public Builder cacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        public Builder poolSize(int connections) {
            this.poolSize = connections;
            return this;
        }

        /**
         * With {@code false}, for a process that does one thing and exits (a cron line): the store opens one plain
         * connection and reuses it, and a borrower that comes while it is out gets a connection of its own, closed
         * when given back. No pool, no pool threads, and one login where a pool of one job run took two or three:
         * each is a SCRAM exchange and a backend start, a real part of such a process's wall time.
         */
        public Builder pooled(boolean pool) {
            this.pooled = pool;
            return this;
        }

        public Builder stageBuffer(int writes) {
            this.stageBuffer = writes;
            return this;
        }

        /**
         * The directory for the file a session spills its new versions to (unlinked at once, so nothing is left
         * there); it needs room for the states a job stages. Null for {@code java.io.tmpdir}.
         */
        public Builder spillDirectory(Path directory) {
            this.spillDirectory = directory;
            return this;
        }

        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        public Builder register(Class<?>... classes) {
            types.addAll(List.of(classes));
            return this;
        }

        /**
         * Paces this store's bulk work (a reindex, a pack, verify, an export; any job reading or writing in bulk) so that
         * the other writers of the database do not feel it: while it works, a one-row commit, repeated, measures how
         * long a small commit takes, and the job waits between two batches while that is more than {@code budget}
         * above the fastest seen. Null turns pacing off (the job as fast as the disk, its backlog felt by every other
         * commit).
         */
        public Builder pace(Duration budget) {
            if (budget != null && budget.isNegative()) {
                throw new IllegalArgumentException("pace must be zero or more");
            }
            this.pace = budget;
            return this;
        }

        public Builder applicationName(String name) {
            this.applicationName = Objects.requireNonNull(name, "applicationName");
            return this;
        }

        public StoreConfig build() {
            if (url == null || url.isBlank()) {
                throw new StoreConfigException("no store URL given; set one like jdbc:postgresql://host:5432/db");
            }
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new StoreConfigException("store URL " + mask(url)
                        + " is not a PostgreSQL JDBC URL; it must start with jdbc:postgresql://");
            }
            if (cacheSize < 0) {
                throw new StoreConfigException("cacheSize must be 0 (no cache) or more, was " + cacheSize);
            }
            if (poolSize < 1) {
                throw new StoreConfigException("poolSize must be at least 1, was " + poolSize);
            }
            if (stageBuffer < 1) {
                throw new StoreConfigException("stageBuffer must be at least 1, was " + stageBuffer);
            }
            return new StoreConfig(this);
        }
    }
}
