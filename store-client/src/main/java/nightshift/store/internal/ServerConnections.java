package nightshift.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.sql.Statement;
import java.util.Properties;

import nightshift.store.EmbeddedServerException;
import org.postgresql.util.PasswordUtil;

/** The embedded server's JDBC edge: is our server answering on a port, and creating databases. */
public final class ServerConnections {

    public static final String SUPERUSER = "postgres";
    /** PBKDF2 iterations of the superuser's verifier: see {@link #lowerLoginIterations}. */
    static final int LOGIN_ITERATIONS = 64;
    private static final SecureRandom SALT = new SecureRandom();
    private static final String MAINTENANCE_DATABASE = "postgres";

    private ServerConnections() {
    }

    /** What answered on a port. */
    public enum Answer {
        /** Our cluster, accepting connections. */
        READY,
        /** Nothing yet, or a server still starting up or shutting down. */
        NOT_READY,
        /** A server that refused our password, or serves another data directory. */
        SOMEONE_ELSE
    }

    /** The answer of a probe, whether {@code database} exists (when READY), and a detail to report. */
    public record Probe(Answer answer, boolean databaseExists, String detail) {
    }

    /** Connects to {@code port} as the superuser and checks that the server runs on {@code pgdata}. */
    public static Probe probe(int port, String password, Path pgdata, String database) {
        try (Connection connection = connect(port, password, MAINTENANCE_DATABASE, 2);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT current_setting('data_directory'), EXISTS (SELECT FROM pg_database WHERE datname = ?)")) {
            statement.setString(1, database);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String dataDirectory = row.getString(1);
                if (!sameDirectory(dataDirectory, pgdata)) {
                    return new Probe(Answer.SOMEONE_ELSE, false, "it serves the data directory " + dataDirectory);
                }
                return new Probe(Answer.READY, row.getBoolean(2), "ready");
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            Answer answer = state.startsWith("28") || state.equals("3D000") ? Answer.SOMEONE_ELSE : Answer.NOT_READY;
            return new Probe(answer, false, e.getMessage() + " (SQLState " + state + ")");
        }
    }

    /** {@code CREATE DATABASE name} unless it exists; safe when several processes race to create it. */
    public static void createDatabaseIfMissing(int port, String password, String name) {
        DatabaseName.check(name);
        try (Connection connection = connect(port, password, MAINTENANCE_DATABASE, 10)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created by someone else meanwhile
            }
            throw new EmbeddedServerException("cannot create the database '" + name
                    + "' on the embedded server at localhost:" + port + " (" + e.getMessage()
                    + ", SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Stores the superuser's SCRAM verifier with {@link #LOGIN_ITERATIONS} PBKDF2 iterations instead of PostgreSQL's
     * 4096. The iterations are paid by the client at every login (once per cron run), hashing in a JVM that has not
     * compiled the hash yet. They
     * protect a weak password against guessing from a stolen verifier; this password is 192 random bits, and kept
     * in a file beside the data directory, readable by whoever can read the verifier. (The server does not hash at
     * login, so guessing over the network is no cheaper.) Idempotent; run at each start.
     */
    public static void lowerLoginIterations(int port, String password) {
        try (Connection connection = connect(port, password, MAINTENANCE_DATABASE, 10);
             Statement st = connection.createStatement()) {
            try (ResultSet row = st.executeQuery("SELECT rolpassword LIKE 'SCRAM-SHA-256$" + LOGIN_ITERATIONS + ":%'"
                    + " FROM pg_authid WHERE rolname = current_user")) {
                if (row.next() && row.getBoolean(1)) {
                    return;
                }
            }
            st.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + verifier(password) + "'");
        } catch (SQLException e) {
            throw new EmbeddedServerException("cannot store the embedded server's login verifier (" + e.getMessage()
                    + ", SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * The SCRAM verifier of {@code password}, made here so that the password itself never reaches the server, where a
     * statement's text can end up in its log or in a monitoring view.
     */
    static String verifier(String password) {
        byte[] salt = new byte[16];
        SALT.nextBytes(salt);
        return PasswordUtil.encodeScramSha256(password.toCharArray(), LOGIN_ITERATIONS, salt);
    }

    private static Connection connect(int port, String password, String database, int timeoutSeconds)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("ApplicationName", "nightshift embedded server");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, properties);
    }

    private static boolean sameDirectory(String dataDirectory, Path pgdata) {
        try {
            return Path.of(dataDirectory).toRealPath().equals(pgdata.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
