package nightshift.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import nightshift.jobs.JobCatalog;

/**
 * The examples jar as a user loads it: the directory {@code examples/target} of this checkout, given to {@code --lib}
 * (the examples are not on the command's class path, nor on its tests').
 */
final class ExamplesJar {
    private ExamplesJar() {
    }

    /** The directory holding the examples jar, for {@code --lib} and {@code NIGHTSHIFT_EXAMPLES}. */
    static Path directory() {
        Path dir = Path.of("..", "examples", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".jar"))) {
                throw new IllegalStateException("no examples jar in " + dir
                        + "; build it first: ./mvnw -pl examples -am package -DskipTests");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The class loader a command gets with {@code --lib} of the examples jar. */
    static ClassLoader loader() {
        return JobCatalog.withLibraries(directory(), ExamplesJar.class.getClassLoader());
    }
}
