package nightshift.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code package} built (named by the build's system properties), the tarball unpacked once per test JVM, and
 * real processes run in it with an environment of the test's choosing.
 */
final class Dist {
    static final String VERSION = System.getProperty("nightshift.version");
    static final Path TARGET = Path.of(System.getProperty("nightshift.dist.dir"));
    static final Path TARBALL = TARGET.resolve("nightshift-" + VERSION + ".tar.gz");
    /** Debian orders {@code ~} before anything, so a snapshot sorts before its release. */
    static final String DEBIAN_VERSION = VERSION.replace("-SNAPSHOT", "~SNAPSHOT");
    static final Path DEB = TARGET.resolve("nightshift_" + DEBIAN_VERSION + "_all.deb");
    /** No process here should take long; this only keeps a hung one from hanging the build. */
    private static final long PROCESS_MINUTES = 5;

    private static Path unpacked;

    private Dist() {
    }

    /** The tarball's top directory, unpacked (by tar, as a user would) under target/it the first time it is asked for. */
    static synchronized Path unpacked() {
        if (unpacked == null) {
            Path into = freshDir("unpacked");
            Result r = run(List.of("tar", "-xzf", TARBALL.toString(), "-C", into.toString()), TARGET, Map.of());
            if (r.code() != 0) {
                throw new IllegalStateException("tar failed: " + r);
            }
            unpacked = into.resolve("nightshift-" + VERSION);
        }
        return unpacked;
    }

    /** A fresh, empty directory under target/it. */
    static Path freshDir(String name) {
        Path dir = TARGET.resolve("it").resolve(name);
        deleteTree(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output and exit code of a finished process. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code command} in {@code dir} with only PATH from this JVM's environment, plus {@code env} (so no
     * NIGHTSHIFT_ variable or JAVA_TOOL_OPTIONS of the developer's leaks in).
     */
    static Result run(List<String> command, Path dir, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(TARGET, "out", ".txt");
            Path err = Files.createTempFile(TARGET, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> environment = pb.environment();
            String path = environment.get("PATH");
            environment.clear();
            environment.put("PATH", path);
            environment.put("LANG", "C.UTF-8");
            environment.putAll(env);
            Process p = pb.start();
            if (!p.waitFor(PROCESS_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + PROCESS_MINUTES + " minutes");
            }
            Result result = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
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

    /** The environment of a user whose home is {@code home}, with a store directory and an empty configuration file. */
    static Map<String, String> userEnvironment(Path home) {
        try {
            Files.createDirectories(home);
            Path config = Files.writeString(home.resolve("empty.properties"), "");
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("NIGHTSHIFT_STORE_DIR", home.resolve("store").toString());
            env.put("NIGHTSHIFT_CONFIG", config.toString());
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file and symlink under {@code root}, relative, with its size and modification time. */
    static List<String> listing(Path root) {
        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                files.add(root.relativize(p) + " " + (Files.isRegularFile(p) ? Files.size(p) + " " + Files.getLastModifiedTime(p) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
