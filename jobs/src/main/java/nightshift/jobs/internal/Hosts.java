package nightshift.jobs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The local host name, looked up once. */
final class Hosts {
    private static final String LOCAL = lookup();

    private Hosts() {
    }

    static String local() {
        return LOCAL;
    }

    private static String lookup() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
