package nightshift.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import nightshift.store.EmbeddedServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * initdb and pg_ctl on the cluster of one store directory. The server runs with durable settings
 * (fsync, synchronous_commit and full_page_writes on), listens on localhost only and has no Unix
 * socket. pg_ctl detaches the postmaster, so the server outlives the process that started it.
 */
public final class PostgresCluster {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
    private static final int PG_CTL_WAIT_SECONDS = 60;
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(PG_CTL_WAIT_SECONDS + 30);

    private final PostgresBinaries.Installation installation;
    private final ServerLayout layout;
    private final List<String> prefix;

    public PostgresCluster(PostgresBinaries.Installation installation, ServerLayout layout) {
        this.installation = installation;
        this.layout = layout;
        this.prefix = RootUserNamespace.commandPrefix();
    }

    /** Whether initdb has built the cluster (a cluster is only ever renamed into place complete). */
    public boolean isInitialized() {
        return Files.isRegularFile(layout.pgdata().resolve("PG_VERSION"));
    }

    /**
     * Builds a new cluster with a new random superuser password. initdb works on a side directory
     * that is renamed into place when it is complete, so an interrupted initdb leaves no half cluster.
     */
    public void initialize() {
        Path pgdata = layout.pgdataInProgress();
        Path password = layout.passwordInProgress();
        long started = System.nanoTime();
        try {
            FileTrees.deleteIfExists(pgdata);
            Files.deleteIfExists(password);
            PasswordFile.create(password);
            Command.Result initdb = run(List.of(tool("initdb"), "-A", "scram-sha-256", "-U", "postgres",
                    "--pwfile=" + password, "-D", pgdata.toString(), "-E", "UTF-8", "--locale=C"), INITDB_TIMEOUT);
            if (!initdb.succeeded()) {
                throw new EmbeddedServerException("initdb failed (exit " + initdb.exitCode() + ") for " + pgdata + ":\n"
                        + tail(initdb.output()) + "\nfix the cause and try again; nothing was kept");
            }
            Files.move(password, layout.passwordFile(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(pgdata, layout.pgdata(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot create the PostgreSQL cluster in " + layout.directory() + " ("
                    + e + "); check free space and permissions there", e);
        } finally {
            removeLeftovers(pgdata, password);
        }
        LOG.debug("initdb built {} in {} ms", layout.pgdata(), (System.nanoTime() - started) / 1_000_000);
    }

    private static void removeLeftovers(Path pgdata, Path password) {
        try {
            FileTrees.deleteIfExists(pgdata);
            Files.deleteIfExists(password);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} or {} ({}); delete them by hand", pgdata, password, e.toString());
        }
    }

    /** Refuses a cluster made by another major version than these binaries. */
    public void checkVersion() {
        String expected = installation.majorVersion().orElse(null);
        if (expected == null) {
            return;
        }
        String actual;
        try {
            actual = Files.readString(layout.pgdata().resolve("PG_VERSION")).strip();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new EmbeddedServerException(
                    "cannot read " + layout.pgdata().resolve("PG_VERSION") + " (" + e + ")", e);
        }
        if (!actual.equals(expected)) {
            throw new EmbeddedServerException("the cluster in " + layout.pgdata() + " was made by PostgreSQL " + actual
                    + ", but the bundled binaries are PostgreSQL " + installation.version() + "; upgrade it with "
                    + "pg_upgrade, or move " + layout.directory() + " aside to start a new, empty store");
        }
    }

    /** {@code pg_ctl start}, waiting until the server accepts connections. */
    public Command.Result start(int port) {
        String options = "-p " + port + " -c listen_addresses=localhost -c unix_socket_directories=''"
                + " -c fsync=on -c synchronous_commit=on -c full_page_writes=on";
        return pgCtl("-D", layout.pgdata().toString(), "-l", layout.logFile().toString(),
                "-w", "-t", Integer.toString(PG_CTL_WAIT_SECONDS), "-o", options, "start");
    }

    /** {@code pg_ctl stop -m fast}, waiting until the server is gone. */
    public Command.Result stop() {
        return pgCtl("-D", layout.pgdata().toString(), "-m", "fast",
                "-w", "-t", Integer.toString(PG_CTL_WAIT_SECONDS), "stop");
    }

    /** The last lines of a command's output, for an error message. */
    public static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - 15);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private Command.Result pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(tool("pg_ctl")));
        command.addAll(List.of(arguments));
        return run(command, PG_CTL_TIMEOUT);
    }

    private Command.Result run(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        try {
            return Command.run(full, timeout);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot run " + String.join(" ", full) + " (" + e + ")", e);
        }
    }

    private String tool(String name) {
        return installation.tool(name).toString();
    }
}
