package nightshift.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a pid from a {@code postmaster.pid} is a live postmaster of that data directory.
 *
 * <p>On Linux this reads {@code /proc}: a zombie (a killed postmaster whose parent never reaps it,
 * as under a container init that does not reap orphans) is not running, and neither is a process
 * that reused the pid but works in another directory (a postmaster's working directory is its data
 * directory). PostgreSQL itself counts both as running and refuses to start, which is why a stale
 * pid file is removed by us before {@code pg_ctl start}. Elsewhere, any live process counts.
 */
final class PostmasterProcess {

    private static final Path PROC = Path.of("/proc");

    private PostmasterProcess() {
    }

    static boolean isRunning(long pid, Path pgdata) {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        Path process = PROC.resolve(Long.toString(pid));
        String stat;
        try {
            stat = Files.readString(process.resolve("stat"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        int afterName = stat.lastIndexOf(')');
        char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
        if (state == 'Z' || state == 'X' || state == 'x') {
            return false;
        }
        try {
            return Files.readSymbolicLink(process.resolve("cwd")).equals(pgdata.toRealPath());
        } catch (NoSuchFileException e) {
            return false; // the process or the data directory is gone
        } catch (IOException | SecurityException e) {
            return true; // cannot tell whose process it is: assume ours rather than start a second server
        }
    }
}
