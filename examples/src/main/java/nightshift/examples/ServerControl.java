package nightshift.examples;

import java.nio.file.Path;
import nightshift.store.EmbeddedStoreServer;

/** {@code status} or {@code stop} the embedded store server of a directory (default: the user's). Args: status|stop [directory] */
public final class ServerControl {
    private ServerControl() {
    }

    public static void main(String[] args) {
        Path dir = args.length > 1 ? Path.of(args[1]) : EmbeddedStoreServer.DEFAULT_DIRECTORY;
        EmbeddedStoreServer server = EmbeddedStoreServer.at(dir);
        if (args.length > 0 && args[0].equals("stop")) {
            System.out.println(server.stop() ? "stopped the store server in " + dir : "no store server was running in " + dir);
        } else {
            System.out.println(server.status().map(e -> "running on localhost:" + e.port() + ", data in " + dir)
                    .orElse("not running (data in " + dir + ")"));
        }
    }
}
