package nightshift.store.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.NumberFormat;
import java.util.GregorianCalendar;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PgConnection;

/**
 * The one-time work of a process's first connection to PostgreSQL that does not depend on which server it is, much
 * of that connection's cost in a cold JVM by a CPU profile of {@code nightshift run noop} (bench cold-start):
 * <ul>
 * <li>the driver's SCRAM client looks up its digests and MACs, which loads and registers every security provider
 * the JDK lists;</li>
 * <li>its nonce comes from a SecureRandom, seeded on first use;</li>
 * <li>it parses the server's version with a NumberFormat and keeps time stamps with a GregorianCalendar, which load
 * the default locale's CLDR data;</li>
 * <li>the driver's own classes initialize, among them its connection's, which looks up the JDK's security
 * manager;</li>
 * <li>the store's connection stand-ins need their proxy class generated ({@link ConnectionProxies}).</li>
 * </ul>
 * Done ahead, on another thread, the connection finds them done; done twice, the second time costs nothing.
 */
public final class ConnectionWarmUp {
    private ConnectionWarmUp() {
    }

    public static void run() {
        try {
            new PGSimpleDataSource().setUrl("jdbc:postgresql://localhost/warm-up");
            Class.forName(PgConnection.class.getName(), true, PgConnection.class.getClassLoader());
            MessageDigest.getInstance("SHA-256");
            Mac.getInstance("HmacSHA256");
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            new SecureRandom().nextInt();
            NumberFormat.getIntegerInstance().parse("17");
            new GregorianCalendar();
            ConnectionProxies.of((proxy, method, args) -> null);
        } catch (Exception e) {
            // a head start only: whatever fails here fails again, and is reported, when the store is opened
        }
    }
}
