package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class SchemaVersionTest {
    /**
     * Flyway's checksum of each migration as stores have run it. Editing a migration a store has run, even a comment,
     * makes that store refuse to open ("Migrations have failed validation"): change the schema in a new migration, and
     * add its checksum here.
     */
    private static final Map<Integer, Integer> SHIPPED = Map.ofEntries(Map.entry(1, -117368576), Map.entry(2, -2061173418),
            Map.entry(3, -1595100407), Map.entry(4, 1314166040), Map.entry(5, 834818148), Map.entry(6, 156626888),
            Map.entry(7, -274944718), Map.entry(8, 2071131260), Map.entry(9, -1186551494), Map.entry(10, 1678511241),
            Map.entry(11, -138416985), Map.entry(12, -1445169573));

    @Test
    void the_cheap_version_check_knows_the_newest_migration_file(Store store) {
        assertEquals(String.valueOf(Schema.LATEST), Schema.latestOnClassPath(store.dataSource(), getClass().getClassLoader()),
                "a migration was added: bump Schema.LATEST");
        assertEquals(Schema.LATEST, Integer.parseInt(store.schemaVersion()));
    }

    @Test
    void the_migrations_stores_have_run_are_unchanged(Store store) throws SQLException {
        Map<Integer, Integer> applied = new TreeMap<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, checksum FROM ns_schema_history WHERE version IS NOT NULL")) {
            while (rs.next()) {
                applied.put(Integer.parseInt(rs.getString(1)), rs.getInt(2));
            }
        }
        assertEquals(new TreeMap<>(SHIPPED), applied, "a migration's text changed, or a new one's checksum is not recorded");
    }
}
