package nightshift.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nightshift.store.EmbeddedServerException;

/**
 * {@code server.port}: the port of the running server, written after a start and removed on stop.
 * The port of the last start is also remembered after a stop (PostgreSQL records its command line
 * in {@code postmaster.opts}), so that a restarted server keeps its port when it can.
 */
public final class PortFile {

    private static final Pattern LAST_PORT = Pattern.compile("\"-p\" \"(\\d{1,5})\"");

    private final ServerLayout layout;

    public PortFile(ServerLayout layout) {
        this.layout = layout;
    }

    /** The port in server.port, if any. */
    public OptionalInt recorded() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(layout.portFile()).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The port in server.port, else the port of the last start, else empty. */
    public OptionalInt lastPort() {
        OptionalInt recorded = recorded();
        if (recorded.isPresent()) {
            return recorded;
        }
        try {
            Matcher port = LAST_PORT.matcher(Files.readString(layout.pgdata().resolve("postmaster.opts")));
            return port.find() ? OptionalInt.of(Integer.parseInt(port.group(1))) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Records {@code port}, replacing the file atomically so that readers never see half of it. */
    public void write(int port) {
        Path temporary = layout.portFile().resolveSibling(layout.portFile().getFileName() + ".tmp");
        try {
            Files.writeString(temporary, port + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, layout.portFile(),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot write " + layout.portFile() + " (" + e + ")", e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(layout.portFile());
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot remove " + layout.portFile() + " (" + e + ")", e);
        }
    }
}
