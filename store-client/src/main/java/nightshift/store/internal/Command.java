package nightshift.store.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion, capturing its output (stdout and stderr together). */
public final class Command {

    /** What a finished command returned. */
    public record Result(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Command() {
    }

    /**
     * Runs {@code command} without the caller's {@code PG*} environment variables (they would
     * change what initdb and pg_ctl do), waiting at most {@code timeout}.
     *
     * @throws IOException when the program cannot be started
     */
    public static Result run(List<String> command, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        process.getOutputStream().close();
        OutputCollector output = new OutputCollector(process.getInputStream());
        output.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                output.join(1000);
                return new Result(-1, output.text() + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            output.join(5000);
            return new Result(process.exitValue(), output.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, output.text() + "\n(interrupted)");
        }
    }

    /** Drains a process's output so that it never blocks on a full pipe. */
    private static final class OutputCollector extends Thread {

        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        OutputCollector(InputStream in) {
            super("nightshift-command-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process is gone; keep what was read
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8).strip();
            }
        }
    }
}
