package nightshift.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import nightshift.store.EmbeddedServerException;

/**
 * PostgreSQL's {@code postmaster.pid}: the postmaster's pid on the first line, its port on the
 * fourth, and on the eighth its status ({@code starting}, {@code ready}, {@code stopping}). The file
 * outlives a postmaster that was killed, so whether that process still runs is checked separately
 * ({@link #isRunning()}).
 */
public record PostmasterPidFile(Path file, long pid, OptionalInt port, boolean ready) {

    /** The pid file of {@code pgdata}, or empty when there is none or it holds no pid. */
    public static Optional<PostmasterPidFile> read(Path pgdata) {
        Path file = pgdata.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot read " + file + " (" + e + ")", e);
        }
        long pid = lines.isEmpty() ? -1 : parse(lines.get(0));
        if (pid <= 0) {
            return Optional.of(new PostmasterPidFile(file, -1, OptionalInt.empty(), false));
        }
        long port = lines.size() > 3 ? parse(lines.get(3)) : -1;
        boolean ready = lines.size() > 7 && lines.get(7).strip().equals("ready");
        return Optional.of(new PostmasterPidFile(file, pid,
                port > 0 && port < 65536 ? OptionalInt.of((int) port) : OptionalInt.empty(), ready));
    }

    /** Whether the postmaster named here still runs on this data directory. */
    public boolean isRunning() {
        return pid > 0 && PostmasterProcess.isRunning(pid, file.getParent());
    }

    /** Removes the file of a postmaster that no longer runs, so that a new one can start. */
    public void deleteStale() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot remove the stale " + file + " (" + e
                    + "); remove it by hand (no server runs on it: pid " + pid + " is gone)", e);
        }
    }

    private static long parse(String line) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
