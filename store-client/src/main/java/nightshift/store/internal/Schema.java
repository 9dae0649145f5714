package nightshift.store.internal;

import javax.sql.DataSource;
import nightshift.store.SchemaException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/** The store's schema: versioned Flyway migrations shipped in the jar under {@code db/nightshift}, one history for the whole store. */
final class Schema {
    static final String LOCATION = "classpath:db/nightshift";
    static final String HISTORY_TABLE = "ns_schema_history";

    private Schema() {
    }

    private static Flyway flyway(DataSource dataSource, ClassLoader loader) {
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .loggers("slf4j")
                .load();
    }

    /** Creates or upgrades the schema; returns the version it is at afterwards. */
    static String migrate(DataSource dataSource, ClassLoader loader) {
        Flyway flyway = flyway(dataSource, loader);
        refuseNewer(flyway.info(), "upgrade");
        MigrateResult result = flyway.migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion
                : String.valueOf(flyway.info().current().getVersion());
    }

    /** Refuses a store without the schema, with an older one, or with one newer than this client knows. */
    static String check(DataSource dataSource, ClassLoader loader, String where) {
        MigrationInfoService info = flyway(dataSource, loader).info();
        refuseNewer(info, "use");
        MigrationInfo current = info.current();
        if (current == null) {
            throw new SchemaException("the store at " + where + " has no nightshift schema;"
                    + " create it with `nightshift init` (Store.migrate)");
        }
        if (info.pending().length > 0) {
            throw new SchemaException("the store at " + where + " has schema version " + current.getVersion()
                    + " but this client needs " + info.pending()[info.pending().length - 1].getVersion()
                    + "; upgrade it with `nightshift init` (Store.migrate)");
        }
        return current.getVersion().toString();
    }

    private static void refuseNewer(MigrationInfoService info, String doing) {
        for (MigrationInfo applied : info.applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new SchemaException("the store's schema is at version " + applied.getVersion()
                        + ", newer than this client knows (" + latestKnown(info) + "); refusing to " + doing
                        + " it: upgrade nightshift on this machine");
            }
        }
    }

    private static String latestKnown(MigrationInfoService info) {
        String latest = "none";
        for (MigrationInfo m : info.all()) {
            if (m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED
                    && m.getVersion() != null) {
                latest = m.getVersion().toString();
            }
        }
        return latest;
    }
}
