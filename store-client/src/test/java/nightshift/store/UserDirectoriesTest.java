package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDirectoriesTest {
    private static final Path FALLBACK = Path.of("/home/jvm-user");

    @Test
    void the_directories_are_under_home_by_default() {
        UserDirectories d = UserDirectories.of(Map.of("HOME", "/tmp/x"), FALLBACK);
        assertEquals(Path.of("/tmp/x"), d.home());
        assertEquals(Path.of("/tmp/x/.local/share/nightshift"), d.data());
        assertEquals(Path.of("/tmp/x/.config/nightshift"), d.config());
        assertEquals(Path.of("/tmp/x/.cache/nightshift"), d.cache());
    }

    @Test
    void the_xdg_variables_move_each_directory_of_their_own() {
        UserDirectories d = UserDirectories.of(Map.of("HOME", "/tmp/x", "XDG_DATA_HOME", "/d", "XDG_CONFIG_HOME", "/c",
                "XDG_CACHE_HOME", "/k"), FALLBACK);
        assertEquals(Path.of("/d/nightshift"), d.data());
        assertEquals(Path.of("/c/nightshift"), d.config());
        assertEquals(Path.of("/k/nightshift"), d.cache());
    }

    @Test
    void an_empty_or_relative_variable_is_ignored_and_no_home_means_the_jvms() {
        UserDirectories d = UserDirectories.of(Map.of("HOME", "", "XDG_DATA_HOME", "relative/data", "XDG_CACHE_HOME", " "),
                FALLBACK);
        assertEquals(FALLBACK, d.home());
        assertEquals(FALLBACK.resolve(".local/share/nightshift"), d.data());
        assertEquals(FALLBACK.resolve(".cache/nightshift"), d.cache());
    }
}
