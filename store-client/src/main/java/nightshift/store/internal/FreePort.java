package nightshift.store.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;

import nightshift.store.EmbeddedServerException;

/** Picks a TCP port on the loopback interface that nothing listens on. */
public final class FreePort {

    private FreePort() {
    }

    /** {@code preferred} when it is free, else any free port. */
    public static int choose(OptionalInt preferred) {
        if (preferred.isPresent() && isFree(preferred.getAsInt())) {
            return preferred.getAsInt();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot find a free TCP port on the loopback interface (" + e + ")", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
