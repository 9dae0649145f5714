package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Unpacking the bundled PostgreSQL binaries into the cache. */
class EmbeddedStoreServerBinariesTest {

    private static final Path CACHE = Path.of("target", "embedded-server-test", "binaries-cache").toAbsolutePath();

    @Test
    void racing_unpackers_leave_one_complete_installation() throws Exception {
        FileTrees.deleteIfExists(CACHE);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Callable<PostgresBinaries.Installation> install = () -> PostgresBinaries.installInto(CACHE);
            List<Future<PostgresBinaries.Installation>> installs = threads.invokeAll(List.of(install, install));

            PostgresBinaries.Installation installation = installs.get(0).get();
            assertEquals(installation, installs.get(1).get());
            assertEquals(CACHE.resolve("postgres-17.6.0"), installation.home());
            assertTrue(Files.isExecutable(installation.tool("postgres")));
            assertTrue(Files.isSymbolicLink(installation.home().resolve("lib/libpq.so.5")));
            assertTrue(Files.isRegularFile(installation.home().resolve("lib/libpq.so.5")), "the link resolves");
            assertEquals(List.of(installation.home()), children(CACHE), "no half-unpacked directory is left");
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
            FileTrees.deleteIfExists(CACHE);
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.toList();
        }
    }
}
