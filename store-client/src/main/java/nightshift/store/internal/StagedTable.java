package nightshift.store.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The temporary table {@code ns_staged} on the session's own connection: one row per spilled write (the row without
 * its state, and where the state is in the {@link SpillFile}). Private to its connection, it holds no lock on the
 * store's tables; commit checks it with set-based statements, and listings union it in.
 */
final class StagedTable {
    static final String TABLE = "ns_staged";
    private static final String NAME_INDEX = "ns_staged_names";
    private static final String COLUMNS = "oid, base_tid, parent_oid, name, type_id, owner, tuple, state_at, state_len,"
            + " deleted, moved, modified";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM " + TABLE + " ";
    private static final String COPY_IN = "COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)";

    private final Connection connection;
    private boolean tableReady;
    private boolean namesIndexed;

    StagedTable(Connection connection) {
        this.connection = connection;
    }

    void ensure() throws SQLException {
        if (tableReady) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp." + TABLE + "') IS NOT NULL")) {
                rs.next();
                exists = rs.getBoolean(1);
            }
            if (exists) {
                // left by an earlier session on this connection, maybe with its name index
                st.execute("TRUNCATE " + TABLE + "; DROP INDEX IF EXISTS pg_temp." + NAME_INDEX);
            } else {
                st.execute("CREATE TEMPORARY TABLE " + TABLE + " (oid bigint PRIMARY KEY, base_tid bigint NOT NULL,"
                        + " parent_oid bigint, name text COLLATE \"C\" NOT NULL, type_id integer NOT NULL,"
                        + " owner text NOT NULL, tuple integer, state_at bigint, state_len integer,"
                        + " deleted boolean NOT NULL, moved boolean NOT NULL, modified boolean NOT NULL)");
            }
        }
        tableReady = true;
    }

    /** Builds the (folder, name) index, once. */
    void indexNames() throws SQLException {
        if (!namesIndexed) {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE INDEX " + NAME_INDEX + " ON " + TABLE + " (parent_oid, name)");
            }
            namesIndexed = true;
        }
    }

    /** Copies in the file's tuples, every one a create of a live node. */
    void copyCreates(SpillFile file, BinaryCopy.Chunk copyChunk) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (BinaryCopy copy = new BinaryCopy(pg.getCopyAPI().copyIn(COPY_IN), copyChunk)) {
            file.scan(e -> {
                copy.startRow(12).int8(e.oid()).int8(0).int8OrNull(e.parentOid()).text(e.name()).int4(e.typeId())
                        .text(e.owner()).int4(e.tuple()).int8(e.stateAt()).int4(e.stateLength())
                        .bool(false).bool(false).bool(true);
                return true;
            });
            copy.finish();
        }
    }

    /**
     * On the spill thread: each new version into the file, and the rows, with where their versions are, into the
     * table by binary COPY. The file is flushed before the COPY ends, so a settled spill can be read back.
     */
    void copy(List<StagedRow> rows, SpillFile file, BinaryCopy.Chunk copyChunk) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (BinaryCopy copy = new BinaryCopy(pg.getCopyAPI().copyIn(COPY_IN), copyChunk)) {
            for (StagedRow s : rows) {
                Row r = s.row();
                copy.startRow(12).int8(r.oid()).int8(r.tid()).int8OrNull(r.parentOid()).text(r.name())
                        .int4(r.typeId()).text(r.owner());
                if (s.deleted()) {
                    copy.nul().nul().nul();
                } else {
                    SpillFile.Placed placed = file.append(r);
                    copy.int4(placed.tuple()).int8(placed.stateAt()).int4(r.state().length);
                }
                copy.bool(s.deleted()).bool(s.moved()).bool(s.modified());
            }
            file.flush();
            copy.finish();
        }
    }

    StagedRow byOid(long oid, SpillFile file) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT + "WHERE oid = ?")) {
            ps.setLong(1, oid);
            return single(ps, file);
        }
    }

    /** The rows of those oids that are in the table, into {@code found}. */
    void byOids(List<Long> oids, SpillFile file, Map<Long, StagedRow> found) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT + "WHERE oid = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("bigint", oids.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StagedRow row = read(rs, file);
                    found.put(row.oid(), row);
                }
            }
        }
    }

    /** The live staged node with this name in this folder, or null. */
    StagedRow liveChild(long parentOid, String name, SpillFile file) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                SELECT + "WHERE parent_oid = ? AND name = ? AND NOT deleted")) {
            setParent(ps, 1, parentOid);
            ps.setString(2, name);
            return single(ps, file);
        }
    }

    /** Whether any row would change the store (not a delete of a node the session created). */
    boolean anyEffect() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + TABLE + " WHERE NOT (deleted AND base_tid = 0))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Deletes the rows of oids staged again, marking the file's tuples they pointed to as {@code superseded}. */
    void deleteReplaced(List<Long> replaced, BitSet superseded) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM " + TABLE + " WHERE oid = ANY(?) RETURNING tuple")) {
            Array oids = connection.createArrayOf("bigint", replaced.toArray(new Long[0]));
            ps.setArray(1, oids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int tuple = rs.getInt(1);
                    if (!rs.wasNull()) {
                        superseded.set(tuple);
                    }
                }
            }
        }
    }

    void truncate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE " + TABLE);
        }
    }

    static void setParent(PreparedStatement ps, int index, long parentOid) throws SQLException {
        if (parentOid < 0) {
            ps.setNull(index, java.sql.Types.BIGINT);
        } else {
            ps.setLong(index, parentOid);
        }
    }

    private static StagedRow single(PreparedStatement ps, SpillFile file) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? read(rs, file) : null;
        }
    }

    private static StagedRow read(ResultSet rs, SpillFile file) throws SQLException {
        long parent = rs.getLong(3);
        if (rs.wasNull()) {
            parent = -1;
        }
        byte[] state = state(rs, 8, 9, file);
        Row row = new Row(rs.getLong(1), rs.getLong(2), parent, rs.getString(4), rs.getInt(5), rs.getString(6), state);
        return new StagedRow(row, rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12), true);
    }

    /**
     * The state of a spilled version, from the file, given the columns of {@code rs} that say where it is (both null
     * for a deletion, which has no state). The spill that wrote it must have settled.
     */
    static byte[] state(ResultSet rs, int atColumn, int lengthColumn, SpillFile file) throws SQLException {
        long at = rs.getLong(atColumn);
        if (rs.wasNull()) {
            return new byte[0];
        }
        return file.read(at, rs.getInt(lengthColumn));
    }
}
