package nightshift.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * What a commit records about itself in the transactions table: who committed, for which job and run, from
 * which host, and a free note. Only {@code user} is required.
 */
public record TxInfo(String user, String job, String runId, String host, String note) {
    public static final String SYSTEM_USER = "system";

    public TxInfo {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("a transaction needs a user name");
        }
        host = host == null ? localHost() : host;
    }

    public static TxInfo of(String user) {
        return new TxInfo(user, null, null, null, null);
    }

    public static TxInfo system(String note) {
        return new TxInfo(SYSTEM_USER, null, null, null, note);
    }

    public TxInfo withJob(String job, String runId) {
        return new TxInfo(user, job, runId, host, note);
    }

    public TxInfo withNote(String note) {
        return new TxInfo(user, job, runId, host, note);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
