package nightshift.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nightshift} as a real process on the test class path, in a working directory and an environment of
 * the test's choosing: for what depends on them (relative paths, {@code $HOME}, the XDG variables).
 */
final class CliProcess {
    /** The checkout's root, where the launcher runs the command from. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private CliProcess() {
    }

    /**
     * {@code nightshift args...} in {@code directory}, with the environment of this JVM without its {@code
     * NIGHTSHIFT_} and {@code XDG_} variables, changed by {@code env} (a null value removes a variable); waits for it
     * to end.
     */
    static CliHarness.Result run(Path directory, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Nightshift.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("nightshift-out", ".txt");
            Path err = Files.createTempFile("nightshift-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // no setting of the user who runs the tests reaches the command, unless the test gives it
            pb.environment().keySet().removeIf(name -> name.startsWith("NIGHTSHIFT_") || name.startsWith("XDG_"));
            env.forEach((name, value) -> {
                if (value == null) {
                    pb.environment().remove(name);
                } else {
                    pb.environment().put(name, value);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("nightshift " + String.join(" ", args) + " did not end in 2 minutes");
            }
            CliHarness.Result result = new CliHarness.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
