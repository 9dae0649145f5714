package nightshift.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import nightshift.store.internal.Command;
import nightshift.store.internal.DatabaseName;
import nightshift.store.internal.DirectoryLock;
import nightshift.store.internal.FreePort;
import nightshift.store.internal.PasswordFile;
import nightshift.store.internal.PortFile;
import nightshift.store.internal.PostgresBinaries;
import nightshift.store.internal.PostgresCluster;
import nightshift.store.internal.PostmasterPidFile;
import nightshift.store.internal.ServerConnections;
import nightshift.store.internal.ServerLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the binaries bundled as a Maven artifact) on a data directory that
 * persists across runs and is shared by every process that uses that directory: the first one
 * initializes and starts the server, later ones attach to it. The server keeps running when the
 * process that started it exits, until {@link #stop()}.
 *
 * <p>Under {@link #directory()}: {@code pgdata/} (the cluster), {@code password} (the superuser's,
 * mode 0600), {@code server.log}, {@code server.port} (while started) and {@code server.lock},
 * which every start, stop and attach decision holds so that two processes never both start a server.
 */
public final class EmbeddedStoreServer {

    /** {@code store} in the user's data directory: {@code ~/.local/share/nightshift/store} ({@link UserDirectories}). */
    public static final Path DEFAULT_DIRECTORY = UserDirectories.current().data().resolve("store");

    /** The database created at first start. */
    public static final String DEFAULT_DATABASE = "nightshift";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreServer.class);
    private static final String HOST = "localhost";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MILLIS = 500;
    private static final long POLL_MILLIS = 100;

    private final ServerLayout layout;
    private final PortFile portFile;

    private EmbeddedStoreServer(ServerLayout layout) {
        this.layout = layout;
        this.portFile = new PortFile(layout);
    }

    /** Where and as whom to connect to a running embedded server. The password is in {@code passwordFile}. */
    public record Endpoint(String host, int port, String user, Path passwordFile) {

        public Endpoint {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(passwordFile, "passwordFile");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
            }
        }

        /**
         * {@code jdbc:postgresql://localhost:PORT/DATABASE}; the name must be valid for
         * {@link EmbeddedStoreServer#ensureDatabase}.
         */
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + DatabaseName.check(database);
        }

        /** The password, read from {@link #passwordFile()}. */
        public String readPassword() {
            return PasswordFile.read(passwordFile);
        }
    }

    /** The server on {@code directory}; nothing is created or started yet. */
    public static EmbeddedStoreServer at(Path directory) {
        return new EmbeddedStoreServer(new ServerLayout(Objects.requireNonNull(directory, "directory")));
    }

    public Path directory() {
        return layout.directory();
    }

    /**
     * Attaches to the server running on this directory, or else initializes the directory (first
     * time) and starts a server on it. Safe to call from many threads and processes at once: they
     * all end up with the one server.
     *
     * @throws EmbeddedServerException when the server cannot be installed, initialized, started or
     *     reached; the message says which file to read or what to change
     */
    public Endpoint attachOrStart() {
        DirectoryLock lock = DirectoryLock.acquire(layout.lockFile());
        try {
            return attachOrStartLocked();
        } finally {
            lock.close();
        }
    }

    /** The running server's endpoint, or empty when none answers. Never starts or changes anything. */
    public Optional<Endpoint> status() {
        if (!Files.isRegularFile(layout.passwordFile())) {
            return Optional.empty();
        }
        return PostmasterPidFile.read(layout.pgdata())
                .filter(PostmasterPidFile::isRunning)
                .filter(pidFile -> pidFile.port().isPresent())
                .map(pidFile -> pidFile.port().getAsInt())
                .filter(port -> ServerConnections.probe(port, PasswordFile.read(layout.passwordFile()),
                        layout.pgdata(), DEFAULT_DATABASE).answer() == ServerConnections.Answer.READY)
                .map(this::endpoint);
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open transactions are rolled back, committed
     * ones are safe) and waits until it is gone.
     *
     * @return false when no server was running
     */
    public boolean stop() {
        if (!Files.isDirectory(layout.pgdata())) {
            return false;
        }
        DirectoryLock lock = DirectoryLock.acquire(layout.lockFile());
        try {
            Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(layout.pgdata());
            if (pidFile.isEmpty() || !pidFile.get().isRunning()) {
                pidFile.ifPresent(PostmasterPidFile::deleteStale);
                portFile.delete();
                return false;
            }
            Command.Result stopped = cluster().stop();
            if (!stopped.succeeded() && PostmasterPidFile.read(layout.pgdata()).filter(PostmasterPidFile::isRunning)
                    .isPresent()) {
                throw new EmbeddedServerException("pg_ctl stop failed for " + layout.pgdata() + " (exit "
                        + stopped.exitCode() + "):\n" + PostgresCluster.tail(stopped.output()) + "\nread "
                        + layout.logFile() + "; if the server hangs, kill pid " + pidFile.get().pid());
            }
            portFile.delete();
            LOG.debug("Stopped the PostgreSQL server of {}", layout.directory());
            return true;
        } finally {
            lock.close();
        }
    }

    /**
     * Creates the database {@code name} unless it exists, starting the server if needed.
     *
     * @param name 1 to 63 characters: lower-case letters, digits and underscores, not starting with a digit
     */
    public void ensureDatabase(String name) {
        DatabaseName.check(name);
        Endpoint endpoint = attachOrStart();
        ServerConnections.createDatabaseIfMissing(endpoint.port(), endpoint.readPassword(), name);
    }

    private Endpoint attachOrStartLocked() {
        PostgresCluster cluster = null;
        String lastFailure = "";
        boolean recovering = false;
        for (int starts = 0, rounds = 0; rounds < 3 * START_ATTEMPTS; rounds++) {
            Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(layout.pgdata());
            if (pidFile.isPresent() && pidFile.get().isRunning()) {
                Optional<Endpoint> attached = attach(pidFile.get());
                if (attached.isPresent()) {
                    return attached.get();
                }
                continue; // it stopped while we waited for it
            }
            if (pidFile.isPresent()) {
                LOG.debug("Removing {}: its postmaster (pid {}) no longer runs",
                        pidFile.get().file(), pidFile.get().pid());
                pidFile.get().deleteStale();
                recovering = true;
            }
            if (starts == START_ATTEMPTS) {
                break;
            }
            if (cluster == null) {
                cluster = preparedCluster();
            }
            starts++;
            int port = FreePort.choose(portFile.lastPort());
            long began = System.nanoTime();
            Command.Result started = cluster.start(port);
            if (started.succeeded()) {
                return started(port, began, recovering);
            }
            lastFailure = started.output();
            LOG.debug("pg_ctl start failed on port {} (attempt {} of {}): {}",
                    port, starts, START_ATTEMPTS, lastFailure);
            pause(RETRY_PAUSE_MILLIS);
        }
        throw new EmbeddedServerException("cannot start PostgreSQL on " + layout.pgdata() + " (tried " + START_ATTEMPTS
                + " times); pg_ctl said:\n" + PostgresCluster.tail(lastFailure) + "\nread " + layout.logFile()
                + " for the reason");
    }

    private PostgresCluster preparedCluster() {
        PostgresCluster cluster = new PostgresCluster(PostgresBinaries.installed(), layout);
        if (!cluster.isInitialized()) {
            cluster.initialize();
        }
        cluster.checkVersion();
        return cluster;
    }

    private Endpoint started(int port, long began, boolean recovering) {
        String password = PasswordFile.read(layout.passwordFile());
        ServerConnections.lowerLoginIterations(port, password);
        ServerConnections.createDatabaseIfMissing(port, password, DEFAULT_DATABASE);
        portFile.write(port); // last: a recorded port says the server on it was made ready for this store
        LOG.info("Started PostgreSQL {} for {} on {}:{} in {} ms{} (log: {})", PostgresBinaries.installed().version(),
                layout.directory(), HOST, port, (System.nanoTime() - began) / 1_000_000,
                recovering ? " after an unclean stop" : "", layout.logFile());
        return endpoint(port);
    }

    /** Waits until the running postmaster accepts connections; empty when it stops meanwhile. */
    private Optional<Endpoint> attach(PostmasterPidFile running) {
        String password = PasswordFile.read(layout.passwordFile());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String detail = "its pid file names no port yet";
        while (true) {
            Optional<PostmasterPidFile> current = PostmasterPidFile.read(layout.pgdata())
                    .filter(pidFile -> pidFile.pid() == running.pid() && pidFile.isRunning());
            if (current.isEmpty()) {
                return Optional.empty();
            }
            OptionalInt port = current.get().port();
            if (port.isPresent() && current.get().ready() && portFile.recorded().equals(port)) {
                // This directory's own postmaster says it is ready, on the port recorded when it was started or
                // last attached here (after its database was made sure of): logging in to check again cost every
                // command one more connection. A wrong password then shows at the store's own login.
                return Optional.of(endpoint(port.getAsInt()));
            }
            if (port.isPresent()) {
                ServerConnections.Probe probe =
                        ServerConnections.probe(port.getAsInt(), password, layout.pgdata(), DEFAULT_DATABASE);
                if (probe.answer() == ServerConnections.Answer.READY) {
                    return Optional.of(attached(port.getAsInt(), password, probe.databaseExists()));
                }
                if (probe.answer() == ServerConnections.Answer.SOMEONE_ELSE) {
                    throw new EmbeddedServerException("the PostgreSQL server of " + layout.pgdata() + " (pid "
                            + running.pid() + ", localhost:" + port.getAsInt() + ") does not accept this store: "
                            + probe.detail() + "; check that " + layout.passwordFile()
                            + " is the password made for this cluster, or stop that server (kill " + running.pid()
                            + ")");
                }
                detail = probe.detail();
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServerException("the PostgreSQL server of " + layout.pgdata() + " (pid "
                        + running.pid() + ") runs but has not accepted connections for "
                        + READY_TIMEOUT.toSeconds() + " s (" + detail + "); read " + layout.logFile()
                        + ", and if it is stuck stop it (kill " + running.pid() + ") and try again");
            }
            pause(POLL_MILLIS);
        }
    }

    private Endpoint attached(int port, String password, boolean defaultDatabaseExists) {
        if (!defaultDatabaseExists) {
            ServerConnections.createDatabaseIfMissing(port, password, DEFAULT_DATABASE);
        }
        if (portFile.recorded().orElse(-1) != port) {
            portFile.write(port);
        }
        LOG.debug("Attached to the PostgreSQL server of {} on {}:{}", layout.directory(), HOST, port);
        return endpoint(port);
    }

    private PostgresCluster cluster() {
        return new PostgresCluster(PostgresBinaries.installed(), layout);
    }

    private Endpoint endpoint(int port) {
        return new Endpoint(HOST, port, ServerConnections.SUPERUSER, layout.passwordFile());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while waiting for the embedded PostgreSQL server", e);
        }
    }
}
