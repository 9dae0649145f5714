package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link Cli} free of lambdas: resolving one while the launcher dumps its class-data-sharing archive links
 * picocli's CommandLine, which JDK 17 then leaves out of the archive (a Java 5 class file linked at dump time), and
 * every cron run loads and verifies it again (about 100 ms, bench cold-start).
 */
class CliArchiveTest {
    @Test
    void cli_has_no_lambdas() {
        List<String> lambdas = Arrays.stream(Cli.class.getDeclaredMethods()).map(Method::getName)
                .filter(name -> name.startsWith("lambda$")).toList();
        assertEquals(List.of(), lambdas, "use a named class: see the comment above Cli's handlers");
    }
}
