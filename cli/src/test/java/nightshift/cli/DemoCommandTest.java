package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void demo_runs_end_to_end_and_again() {
        CliHarness cli = CliHarness.forNewDatabase("demo");
        // as ./nightshift sets it
        Map<String, String> examples = Map.of(DemoCommand.EXAMPLES, ExamplesJar.directory().toString());
        CliHarness.Result r = cli.run(examples, "demo", "--count", "7");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        String out = r.out();
        assertTrue(out.contains("added user admin") && out.contains("added user editor") && out.contains("added user reader"), out);
        assertTrue(out.contains("created folder /demo"), out);
        assertTrue(out.matches("(?s).*of create-news committed tid \\d+: created 8, .*"), out); // the batch folder and 7 documents
        assertTrue(out.contains("(dry run) would have created 8"), out);
        assertTrue(out.contains("--as reader` exits 77; nothing was written"), out);
        assertTrue(out.matches("(?s).*RUN\\s+JOB\\s+USER\\s+BY.*create-news\\s+reader\\s+demo\\s+FAILED.*"), out);
        assertTrue(out.matches("(?s).*create-news\\s+editor\\s+demo\\s+SUCCEEDED\\*.*"), out);
        CliHarness.Result status = cli.run("-q", "status");
        assertEquals(ExitCode.OK, status.code(), "the demo's deliberate refusal is no job's failure: " + status);

        assertTrue(java.nio.file.Files.exists(cli.home().resolve(".local/share/nightshift/demo-site/events/index.html")), out);
        CliHarness.Result again = cli.run(examples, "demo", "--count", "3");
        assertEquals(ExitCode.OK, again.code(), again::toString);
        assertTrue(again.out().contains("folder /demo is there"), again::toString);

        try (Store store = Store.open(cli.config()); Session s = store.openSession()) {
            List<Node> batches;
            try (var children = s.children(s.get("/demo"))) {
                batches = children.filter(n -> n.name().startsWith("batch-")).collect(Collectors.toList());
            }
            assertEquals(2, batches.size(), "two batches, no preview and no reader batch: " + batches);
            for (Node b : batches) {
                assertEquals("editor", b.owner());
            }
            try (var docs = s.children(batches.get(0))) {
                assertEquals(7, docs.count());
            }
            try (var events = s.children(s.get("/demo/events"))) {
                assertEquals(2, events.count(), "one event per demo run");
            }
            assertTrue(s.exists("/demo/latest"), "the listing");
        }
    }
}
