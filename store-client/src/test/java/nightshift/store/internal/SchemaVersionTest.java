package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class SchemaVersionTest {
    @Test
    void the_cheap_version_check_knows_the_newest_migration_file(Store store) {
        assertEquals(String.valueOf(Schema.LATEST), Schema.latestOnClassPath(store.dataSource(), getClass().getClassLoader()),
                "a migration was added: bump Schema.LATEST");
        assertEquals(Schema.LATEST, Integer.parseInt(store.schemaVersion()));
    }
}
