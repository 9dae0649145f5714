package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's "Guarantees" table names, for each promise, tests that exist. */
class ReadmeGuaranteesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void every_test_the_guarantees_name_exists_and_runs_in_the_default_build() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Guarantees");
        assertTrue(start >= 0, "the README has a Guarantees section");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher m = Pattern.compile("`([A-Z][A-Za-z]*Test)`").matcher(readme.substring(start, end));
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (m.find()) {
            named++;
            if (!testExists(m.group(1) + ".java")) {
                missing.add(m.group(1));
            }
        }
        assertTrue(named >= 10, "the table names its tests");
        assertTrue(missing.isEmpty(), "the Guarantees name tests that do not exist: " + missing);
    }

    private static boolean testExists(String file) throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path tests : modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> found = Files.walk(tests)) {
                    if (found.anyMatch(p -> p.getFileName().toString().equals(file))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
