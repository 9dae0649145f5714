package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the global options name: --lib's jars and directories, and --log-file. */
class GlobalFilesTest {
    @TempDir
    Path dir;

    private final CliHarness cli = CliHarness.withoutStore();

    private static Path examplesJar() throws IOException {
        try (Stream<Path> files = Files.list(ExamplesJar.directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    @Test
    void lib_takes_a_jar_a_directory_of_jars_a_list_or_the_option_repeated() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        String jar = examplesJar().toString();
        String[][] ways = {
            {"--lib", jar},
            {"--lib", ExamplesJar.directory().toString()},
            {"--lib", empty + File.pathSeparator + jar},
            {"--lib", empty.toString(), "--lib", jar},
        };
        for (String[] way : ways) {
            String[] args = Stream.concat(Stream.of(way), Stream.of("jobs")).toArray(String[]::new);
            CliHarness.Result r = cli.runExactly(args);
            assertEquals(ExitCode.OK, r.code(), String.join(" ", args) + ": " + r);
            assertTrue(r.out().contains("create-news"), String.join(" ", args) + ": " + r);
        }
        CliHarness.Result env = cli.runExactly(Map.of("NIGHTSHIFT_LIB", empty + File.pathSeparator + jar), "jobs");
        assertTrue(env.out().contains("create-news"), env.toString());
    }

    @Test
    void a_missing_lib_exits_66_naming_it() {
        Path missing = dir.resolve("nowhere.jar");
        CliHarness.Result r = cli.runExactly("--lib", missing.toString(), "jobs");
        assertEquals(ExitCode.NO_INPUT, r.code(), r.toString());
        assertEquals("nightshift: the library " + missing + " (--lib) does not exist; give a jar or a directory of jars,"
                + " several separated by " + File.pathSeparator, r.err().strip());
    }

    @Test
    void a_log_file_that_cannot_be_written_is_refused_at_start_with_exit_73() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "");
        Path[] unwritable = {dir, file.resolve("nightshift.log")};
        for (Path log : unwritable) {
            CliHarness.Result r = cli.runExactly("--log-file", log.toString(), "jobs");
            assertEquals(ExitCode.CANT_CREATE, r.code(), log + ": " + r);
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().startsWith("nightshift: cannot write the log file " + log + " ("), r.toString());
            assertTrue(r.err().contains("give --log-file a file in a directory this user may write to"), r.toString());
            assertFalse(r.out().contains("noop"), "nothing ran: " + r);
        }
        Path fresh = dir.resolve("logs/new/nightshift.log");
        CliHarness.Result ok = cli.runExactly("--log-file", fresh.toString(), "jobs");
        assertEquals(ExitCode.OK, ok.code(), ok.toString());
        assertTrue(Files.isRegularFile(fresh), "the missing directories are created, as logback does");
    }
}
