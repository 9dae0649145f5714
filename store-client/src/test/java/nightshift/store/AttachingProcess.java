package nightshift.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate JVM for {@link EmbeddedStoreServerTest}: attaches to (or starts) the embedded server
 * on the directory given as the only argument, prints {@code port=<port> pid=<postmaster pid>} and exits.
 */
public final class AttachingProcess {

    private AttachingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        EmbeddedStoreServer.Endpoint endpoint = EmbeddedStoreServer.at(directory).attachOrStart();
        String pid = Files.readAllLines(directory.resolve("pgdata").resolve("postmaster.pid")).get(0).strip();
        System.out.println("port=" + endpoint.port() + " pid=" + pid);
    }
}
