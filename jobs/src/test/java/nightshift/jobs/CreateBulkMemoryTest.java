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
 * 100,000 lines created by one bulk {@code create} run in a child JVM with -Xmx64m: holding the file, the objects or
 * the catalog rows on the heap would fail with OutOfMemoryError (the input file alone is about 47 MB).
 */
@Tag("scale")
class CreateBulkMemoryTest {
    @Test
    void bulk_create_of_100000_lines_runs_in_a_64_megabyte_heap() throws Exception {
        Process child = ChildJvm.start(CreateFromJsonlMain.class, List.of("-Xmx64m", "-XX:+UseSerialGC"), "100000");
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(child.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        System.out.print("CreateBulkMemoryTest:\n" + output.toString().lines()
                .filter(l -> l.startsWith("created") || l.startsWith("peakHeap")).reduce("", (a, b) -> a + b + "\n"));
    }
}
