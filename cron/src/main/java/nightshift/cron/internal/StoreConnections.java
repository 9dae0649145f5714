package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/** Quartz's connections come from the store's own pool: registered under a name Quartz's job store looks up. */
public final class StoreConnections implements ConnectionProvider {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final DataSource dataSource;

    private StoreConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers the data source with Quartz; returns the name to give {@code org.quartz.jobStore.dataSource}. */
    public static String register(DataSource dataSource, String node) {
        String name = "nightshift-" + node + "-" + NAMES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(name, new StoreConnections(dataSource));
        return name;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool is the store's: it closes with the store
    }

    @Override
    public void initialize() {
    }
}
