package nightshift.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import nightshift.store.StoreConfig;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;

class StoreDemoTest {
    @Test
    void the_quick_start_demo_runs_end_to_end_and_again() {
        StoreConfig config = TestServer.get().newDatabase("demo").build();
        for (int run = 1; run <= 2; run++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StoreDemo.run(config, 500, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("created 500 documents"), out);
            assertTrue(out.contains("read them back page by page: 500 documents"), out);
            assertTrue(out.contains("the second got: conflict"), out);
            assertTrue(out.contains("says: Edited by the first session"), out);
            assertTrue(out.contains("batches so far: " + run), out);
        }
    }
}
