package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nightshift.store.StoreConfig;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 40,000 documents in one folder exported in a child JVM with -Xmx64m: holding the folder's children (or their
 * page models) on the heap would fail with OutOfMemoryError.
 */
@ExtendWith(StoreExtension.class)
@Tag("scale")
class ExportStaticMemoryTest {
    static final int COUNT = 40_000;

    @Test
    void a_folder_of_40000_documents_exports_in_a_64_megabyte_heap(StoreConfig config, @TempDir Path tmp) throws Exception {
        String[] store = ChildJvm.storeArgs(config);
        Process child = ChildJvm.start(ExportWideFolderMain.class, List.of("-Xmx64m", "-XX:+UseSerialGC"),
                store[0], store[1], store[2], String.valueOf(COUNT), tmp.resolve("wide").toString());
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertTrue(child.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output.toString());
        assertTrue(output.toString().contains("exported files=" + (COUNT + 2) + " "), output.toString());
        System.out.print("ExportStaticMemoryTest:\n" + output.toString().lines()
                .filter(l -> l.startsWith("exported") || l.startsWith("peakHeap")).reduce("", (a, b) -> a + b + "\n"));
    }
}
