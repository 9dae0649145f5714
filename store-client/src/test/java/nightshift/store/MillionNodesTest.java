package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.testing.BoundedHeapMain;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A million nodes in one folder, with a heap far too small to hold them: one session stages all the creates and
 * commits them, another lists the folder page by page and reads every object. Run in a child JVM with -Xmx64m,
 * so holding them all (or even their names and oids in Java collections) fails with OutOfMemoryError.
 */
@ExtendWith(StoreExtension.class)
@Tag("scale")
class MillionNodesTest {
    static final int COUNT = Integer.getInteger("nightshift.test.million", 1_000_000);

    @Test
    void a_million_creates_and_a_million_child_listing_run_in_a_64_megabyte_heap(StoreConfig config) throws Exception {
        String[] store = ChildJvm.storeArgs(config);
        Process child = ChildJvm.start(BoundedHeapMain.class, List.of("-Xmx64m", "-XX:+UseSerialGC"),
                store[0], store[1], store[2], String.valueOf(COUNT));
        StringBuilder output = new StringBuilder();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("created=")) {
                    result = line;
                }
            }
        }
        assertTrue(child.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        System.out.println("MillionNodesTest: " + result);
        assertTrue(result != null && result.contains("walked=" + COUNT + " "), output.toString());
    }
}
