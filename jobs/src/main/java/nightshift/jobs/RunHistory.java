package nightshift.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nightshift.jobs.internal.RunTable;
import nightshift.store.Store;
import nightshift.store.StoreUnavailableException;

/** The run records: what ran, as whom, how it ended, and what is running now (with its progress). */
public final class RunHistory {
    private final Store store;
    private final Clock clock;

    private RunHistory(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static RunHistory of(Store store) {
        return of(store, Clock.systemUTC());
    }

    /** Run records whose abandoned runs are marked with the time of {@code clock}. */
    public static RunHistory of(Store store, Clock clock) {
        return new RunHistory(store, clock);
    }

    /** Newest first; {@code job} and {@code status} may be null for any. Marks abandoned runs first. */
    public List<RunRecord> list(String job, RunStatus status, int limit) {
        return query(c -> {
            RunTable.markAbandoned(c, clock.instant());
            return RunTable.list(c, job, status, limit);
        });
    }

    public Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(query(c -> RunTable.find(c, runId)));
    }

    /** The latest run of each job. */
    public List<RunRecord> latest() {
        return latest(null);
    }

    /**
     * The latest run of each job among those started by one of {@code starters} (null: all): the first word of
     * the record's "started by", such as {@code cron}, {@code scheduler}, {@code manual}, {@code api}.
     */
    public List<RunRecord> latest(Set<String> starters) {
        return query(c -> {
            RunTable.markAbandoned(c, clock.instant());
            return RunTable.latestPerJob(c, false, starters);
        });
    }

    /** The latest successful (committed or empty, not dry) run of each job. */
    public List<RunRecord> latestSuccesses() {
        return latestSuccesses(null);
    }

    /** The latest successful run of each job among those started by one of {@code starters} (null: all). */
    public List<RunRecord> latestSuccesses(Set<String> starters) {
        return query(c -> RunTable.latestPerJob(c, true, starters));
    }

    /** Marks RUNNING runs whose process is gone as ABANDONED; returns how many. */
    public int sweep() {
        return query(c -> RunTable.markAbandoned(c, clock.instant()));
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Query<T> q) {
        try (Connection c = store.dataSource().getConnection()) {
            return q.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the run history: " + e.getMessage(), e);
        }
    }
}
