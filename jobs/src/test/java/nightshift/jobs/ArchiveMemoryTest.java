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
 * Export, import into a second database and export again of COUNT documents in a child JVM with -Xmx48m: holding
 * the tree, the lines or the created nodes on the heap would fail with OutOfMemoryError (the archive of 100,000
 * documents is about 60 MB). Default 100,000 (well under a minute here); {@code -Dnightshift.test.million=1000000}
 * runs the million.
 */
@Tag("scale")
class ArchiveMemoryTest {
    static final int COUNT = Integer.getInteger("nightshift.test.million", 100_000);

    @Test
    void export_and_import_stream_in_a_48_megabyte_heap() throws Exception {
        Process child = ChildJvm.start(ArchiveRoundTripMain.class, List.of("-Xmx48m", "-XX:+UseSerialGC"), String.valueOf(COUNT), "1");
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(child.waitFor(20, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        assertTrue(output.toString().contains("round trip identical"), output.toString());
        System.out.print("ArchiveMemoryTest:\n" + output);
    }
}
