package nightshift.store.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import nightshift.store.internal.Snapshots;

/**
 * A session's snapshot, registered ahead on a connection the caller sends its own statements on
 * ({@link Connections#snapshotReadAhead}): the next session opened through
 * {@link Connections#onConnection(nightshift.store.Store, Connection, SnapshotReadAhead)} on that connection starts at
 * it, without a round trip of its own. Until a session takes it, the registration holds back pack like an open
 * session; the caller releases it with {@link #releaseUnlessTaken}.
 */
public final class SnapshotReadAhead implements ReadAhead {
    private final Snapshots.Ahead ahead;

    SnapshotReadAhead(Snapshots.Ahead ahead) {
        this.ahead = ahead;
    }

    Snapshots.Ahead internal() {
        return ahead;
    }

    @Override
    public String sql() {
        return ahead.sql();
    }

    @Override
    public List<Object> parameters() {
        return ahead.parameters();
    }

    @Override
    public void read(Statement st) throws SQLException {
        ahead.read(st);
    }

    /** Whether {@link #read} has run. */
    public boolean isRead() {
        return ahead.isRead();
    }

    /** Releases the registration on {@code connection}, the one it was read on, unless a session took it. */
    public void releaseUnlessTaken(Connection connection) throws SQLException {
        ahead.releaseUnlessTaken(connection);
    }
}
