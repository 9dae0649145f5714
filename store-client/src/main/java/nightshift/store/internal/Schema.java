package nightshift.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * The newest migration this client ships: kept in step with the files by SchemaVersionTest, so that opening a
     * store (every cron run) reads one row instead of scanning the class path with Flyway.
     */
    static final int LATEST = 12;

    /** Refuses a store without the schema, with an older one, or with one newer than this client knows. */
    static String check(DataSource dataSource, String where) {
        int applied;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet exists = st.executeQuery("SELECT to_regclass('" + HISTORY_TABLE + "') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    throw new SchemaException("the store at " + where + " has no nightshift schema;"
                            + " create it with `nightshift init` (Store.migrate)");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version::int), 0) FROM " + HISTORY_TABLE
                    + " WHERE success AND version ~ '^[0-9]+$'")) {
                rs.next();
                applied = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw Jdbc.wrap(e, "reading the schema version");
        }
        if (applied == 0) {
            throw new SchemaException("the store at " + where + " has no nightshift schema;"
                    + " create it with `nightshift init` (Store.migrate)");
        }
        if (applied > LATEST) {
            throw new SchemaException("the store's schema is at version " + applied + ", newer than this client knows ("
                    + LATEST + "); refusing to use it: upgrade nightshift on this machine");
        }
        if (applied < LATEST) {
            throw new SchemaException("the store at " + where + " has schema version " + applied
                    + " but this client needs " + LATEST + "; upgrade it with `nightshift init` (Store.migrate)");
        }
        return String.valueOf(applied);
    }

    /** The newest migration version Flyway finds on the class path (for the test that keeps {@link #LATEST} true). */
    static String latestOnClassPath(DataSource dataSource, ClassLoader loader) {
        return latestKnown(flyway(dataSource, loader).info());
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
