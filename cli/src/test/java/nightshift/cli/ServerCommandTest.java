package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nightshift.store.EmbeddedStoreServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void stopWhatever() {
        EmbeddedStoreServer.at(dir.resolve("store")).stop();
    }

    @Test
    void status_stop_start_status_stop_on_a_store_directory() {
        CliHarness cli = CliHarness.withoutStore();
        String store = dir.resolve("store").toString();

        CliHarness.Result status = cli.runExactly("--store-dir", store, "server", "status");
        assertEquals(ExitCode.OK, status.code(), status::toString);
        assertTrue(status.out().startsWith("store server not running"), status::toString);
        CliHarness.Result stop = cli.runExactly("--store-dir", store, "server", "stop");
        assertEquals(ExitCode.OK, stop.code(), stop::toString);
        assertTrue(stop.out().startsWith("store server not running"), stop::toString);

        CliHarness.Result start = cli.runExactly("--store-dir", store, "server", "start");
        assertEquals(ExitCode.OK, start.code(), start::toString);
        assertTrue(start.out().matches("store server running on port \\d+, directory .*\\n"), start::toString);
        String port = start.out().replaceAll("(?s).*port (\\d+).*", "$1");
        CliHarness.Result running = cli.runExactly("server", "status", "--store-dir", store);
        assertTrue(running.out().startsWith("store server running on port " + port + ","), running::toString);

        CliHarness.Result stopped = cli.runExactly("--store-dir", store, "server", "stop");
        assertEquals(ExitCode.OK, stopped.code(), stopped::toString);
        assertTrue(stopped.out().startsWith("store server stopped"), stopped::toString);
        assertTrue(cli.runExactly("--store-dir", store, "server", "status").out().startsWith("store server not running"));
    }
}
