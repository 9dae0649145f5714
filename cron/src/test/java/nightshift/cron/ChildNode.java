package nightshift.cron;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.testing.ChildJvm;

/** A scheduler node in a child JVM, to stop (SIGSTOP), resume (SIGCONT), kill (SIGKILL) or end (SIGTERM); keeps its output. */
final class ChildNode implements AutoCloseable {
    private final String id;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private ChildNode(String id, Process process) {
        this.id = id;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "output of " + id);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args}: the node's id is among them, where {@code main} expects it. */
    static ChildNode start(Class<?> main, String id, String... args) {
        return new ChildNode(id, ChildJvm.start(main, List.of("-Xmx256m"), args));
    }

    String id() {
        return id;
    }

    /** What its run records say started them. */
    String startedBy() {
        return "scheduler:" + id;
    }

    /** Stops the process where it is (SIGSTOP): it keeps its connections and its locks, and answers nothing. */
    void pause() throws Exception {
        signal("STOP");
    }

    /** Lets a stopped process go on (SIGCONT). */
    void resume() throws Exception {
        signal("CONT");
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the node stops as the command line's would, from its shutdown hook. */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean printed(String... parts) {
        synchronized (lines) {
            for (String line : lines) {
                boolean all = true;
                for (String part : parts) {
                    all &= line.contains(part);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
    }

    String tail(int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " (node " + id + ") failed");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly(); // SIGKILL ends a stopped process too
    }
}
