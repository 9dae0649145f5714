package nightshift.store.spi;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Statements a caller sends after its own, in a round trip it makes anyway, and the reading of their results: a
 * job run sends its user's context and rules ({@code UserReadAhead}) and its session's snapshot
 * ({@link SnapshotReadAhead}) with its RUNNING record.
 */
public interface ReadAhead {
    /** One or more statements, separated by {@code ;}. */
    String sql();

    /** Their parameters, in order. */
    List<Object> parameters();

    /** Reads their results, the first of them {@code st}'s current one; leaves {@code st} at the last. */
    void read(Statement st) throws SQLException;
}
