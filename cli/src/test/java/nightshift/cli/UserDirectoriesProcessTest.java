package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code nightshift} process finds the user's files by its environment: {@code $HOME}, and the XDG variables
 * where set. (The JVM's {@code user.home} is the account's home, whatever {@code HOME} says.)
 */
class UserDirectoriesProcessTest {
    @TempDir
    Path dir;

    /** A configuration file that loads the examples jar, so that {@code jobs} shows whether it was read. */
    private static void configIn(Path configDirectory) throws IOException {
        Files.createDirectories(configDirectory);
        Files.writeString(configDirectory.resolve("nightshift.properties"), "lib=" + ExamplesJar.directory() + "\n");
    }

    @Test
    void home_decides_which_configuration_is_read_and_where_the_store_is() throws IOException {
        Path home = dir.resolve("home");
        configIn(home.resolve(".config/nightshift"));
        Map<String, String> env = Map.of("HOME", home.toString());
        CliHarness.Result jobs = CliProcess.run(dir, env, "jobs");
        assertEquals(0, jobs.code(), jobs.toString());
        assertTrue(jobs.out().contains("create-news"), "the configuration in $HOME was read: " + jobs);
        CliHarness.Result status = CliProcess.run(dir, env, "server", "status");
        assertEquals("store server not running, directory " + home.resolve(".local/share/nightshift/store"),
                status.out().strip(), status.toString());
    }

    @Test
    void the_xdg_variables_move_the_configuration_and_the_store() throws IOException {
        Path config = dir.resolve("xdg-config");
        configIn(config.resolve("nightshift"));
        Map<String, String> env = Map.of("HOME", dir.resolve("empty-home").toString(), "XDG_CONFIG_HOME", config.toString(),
                "XDG_DATA_HOME", dir.resolve("xdg-data").toString());
        CliHarness.Result jobs = CliProcess.run(dir, env, "jobs");
        assertTrue(jobs.out().contains("create-news"), "the configuration in $XDG_CONFIG_HOME was read: " + jobs);
        CliHarness.Result status = CliProcess.run(dir, env, "server", "status");
        assertEquals("store server not running, directory " + dir.resolve("xdg-data/nightshift/store"),
                status.out().strip(), status.toString());
    }
}
