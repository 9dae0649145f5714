package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A million documents created, fully reindexed into an empty catalog, reindexed again over it, and incrementally
 * after 1,000 updates, in a child JVM with -Xmx256m: holding the nodes (or their rows) would fail with
 * OutOfMemoryError. {@code -Dnightshift.test.million=200000} shrinks it while you iterate.
 */
@Tag("scale")
class MillionNodesReindexTest {
    static final int COUNT = Integer.getInteger("nightshift.test.million", 1_000_000);

    @Test
    void a_million_documents_reindex_in_a_256_megabyte_heap() throws Exception {
        Process child = ChildJvm.start(ReindexPassesMain.class, List.of("-Xmx256m", "-XX:+UseSerialGC"), String.valueOf(COUNT));
        StringBuilder output = new StringBuilder();
        StringBuilder figures = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("full") || line.startsWith("incremental") || line.startsWith("created")
                        || line.startsWith("peakHeapMB")) {
                    figures.append(line).append('\n');
                }
            }
        }
        assertTrue(child.waitFor(20, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        System.out.print("MillionNodesReindexTest:\n" + figures);
        assertTrue(figures.toString().contains("incremental after 1,000 updates"), output.toString());
    }
}
