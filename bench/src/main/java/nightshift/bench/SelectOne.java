package nightshift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Cold-start baseline: a JVM that opens one JDBC connection, runs SELECT 1 and exits. Args: URL USER PASSWORD_FILE */
public final class SelectOne {
    private SelectOne() {
    }

    public static void main(String[] args) throws Exception {
        String password = Files.readString(Path.of(args[2])).strip();
        try (Connection c = DriverManager.getConnection(args[0], args[1], password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            if (rs.getInt(1) != 1) {
                System.exit(1);
            }
        }
    }
}
