package nightshift.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Tsvectors;
import nightshift.store.content.Document;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The plain-JDBC side of reindex-full and reindex-incremental: a table shaped and indexed like {@code ns_catalog},
 * filled from the rows of {@link Rows#TABLE} (streamed, Kryo-decoded, turned into the same index entry).
 *
 * <p>Full: one transaction, every index dropped before the load and built after it (the fastest plain way to end
 * with the same indexed table), rows by text COPY, with the tsvector either built in the client
 * ({@link Tsvectors}, the same function the catalog uses; a pure function, not nightshift's machinery) or by the
 * server's {@code to_tsvector} from a staged copy of the raw fields; the faster counts. Incremental: the rows written
 * after a tid (through a BRIN index, as {@code ns_object} has), COPYed into a temporary table and upserted.
 */
final class CatalogRows {
    static final String TABLE = "bench_catalog";
    private static final String COLUMNS = "oid, path, parent_path, type_name, title, owner, created, modified, tid, text, extra";
    private static final String[] INDEXES = {
        "CREATE INDEX " + TABLE + "_path ON " + TABLE + " (path)",
        "CREATE INDEX " + TABLE + "_parent ON " + TABLE + " (parent_path)",
        "CREATE INDEX " + TABLE + "_type ON " + TABLE + " (type_name, modified)",
        "CREATE INDEX " + TABLE + "_modified ON " + TABLE + " (modified)",
        "CREATE INDEX " + TABLE + "_created ON " + TABLE + " (created)",
        "CREATE INDEX " + TABLE + "_owner ON " + TABLE + " (owner)",
        "CREATE INDEX " + TABLE + "_text ON " + TABLE + " USING gin (text)",
        "CREATE INDEX " + TABLE + "_extra ON " + TABLE + " USING gin (extra jsonb_path_ops)",
    };
    private static final String RAW_TABLE = "CREATE TEMPORARY TABLE bench_catalog_raw (oid bigint, path text COLLATE \"C\","
            + " parent_path text COLLATE \"C\", type_name text, title text, owner text, created timestamptz, modified timestamptz,"
            + " tid bigint, description text, body text, tags text) ON COMMIT DROP";
    private static final String SELECT_RAW = "SELECT oid, path, parent_path, type_name, title, owner, created, modified, tid, "
            + Tsvectors.serverExpression("'simple'::regconfig", "title", "tags", "description", "body")
            + ", '{}' FROM bench_catalog_raw";
    private static final String[] INDEX_NAMES = {"path", "parent", "type", "modified", "created", "owner", "text", "extra"};

    private CatalogRows() {
    }

    static void recreateTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (oid bigint PRIMARY KEY, path text COLLATE \"C\" NOT NULL, parent_path text COLLATE \"C\","
                    + " type_name text NOT NULL, title text NOT NULL, owner text NOT NULL, created timestamptz, modified timestamptz,"
                    + " tid bigint NOT NULL, text tsvector NOT NULL, extra jsonb NOT NULL DEFAULT '{}')");
            for (String index : INDEXES) {
                st.execute(index);
            }
        }
    }

    /** Full reindex of the current children of parent 1 as {@code folder/name}; returns the rows written. */
    static long full(Connection reader, Connection writer, String folder, boolean clientTsvector) throws Exception {
        writer.setAutoCommit(false);
        reader.setAutoCommit(false);
        long rows;
        try (Statement st = writer.createStatement()) {
            st.execute("TRUNCATE " + TABLE);
            st.execute("ALTER TABLE " + TABLE + " DROP CONSTRAINT " + TABLE + "_pkey");
            for (String name : INDEX_NAMES) {
                st.execute("DROP INDEX " + TABLE + "_" + name);
            }
            if (clientTsvector) {
                rows = copy(reader, writer, "COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN", folder, "", true);
            } else {
                st.execute(RAW_TABLE);
                rows = copy(reader, writer, "COPY bench_catalog_raw FROM STDIN", folder, "", false);
                st.execute("INSERT INTO " + TABLE + " (" + COLUMNS + ") " + SELECT_RAW);
            }
            st.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (oid)");
            for (String index : INDEXES) {
                st.execute(index);
            }
            writer.commit();
            reader.commit();
        } catch (Exception | Error e) {
            writer.rollback();
            reader.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
            reader.setAutoCommit(true);
        }
        return rows;
    }

    /** Incremental: re-index the rows of {@link Rows#TABLE} written after {@code sinceTid}; returns how many. */
    static long incremental(Connection reader, Connection writer, String folder, long sinceTid, boolean clientTsvector) throws Exception {
        writer.setAutoCommit(false);
        reader.setAutoCommit(false);
        try (Statement st = writer.createStatement()) {
            long rows;
            String select;
            if (clientTsvector) {
                st.execute("CREATE TEMPORARY TABLE bench_catalog_changed (LIKE " + TABLE + ") ON COMMIT DROP");
                rows = copy(reader, writer, "COPY bench_catalog_changed (" + COLUMNS + ") FROM STDIN", folder, " AND tid > " + sinceTid, true);
                select = "SELECT " + COLUMNS + " FROM bench_catalog_changed";
            } else {
                st.execute(RAW_TABLE);
                rows = copy(reader, writer, "COPY bench_catalog_raw FROM STDIN", folder, " AND tid > " + sinceTid, false);
                select = SELECT_RAW;
            }
            st.execute("INSERT INTO " + TABLE + " (" + COLUMNS + ") " + select + " ON CONFLICT (oid) DO UPDATE SET"
                    + " path = EXCLUDED.path, parent_path = EXCLUDED.parent_path, type_name = EXCLUDED.type_name, title = EXCLUDED.title,"
                    + " owner = EXCLUDED.owner, created = EXCLUDED.created, modified = EXCLUDED.modified, tid = EXCLUDED.tid,"
                    + " text = EXCLUDED.text, extra = EXCLUDED.extra");
            writer.commit();
            reader.commit();
            return rows;
        } finally {
            writer.setAutoCommit(true);
            reader.setAutoCommit(true);
        }
    }

    /** Changes {@code count} rows of {@link Rows#TABLE} (new state, tid {@code tid}), as the store session does. */
    static void touch(Connection c, List<Document> docs, int count, long tid) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + Rows.TABLE + " SET state = ?, tid = ? WHERE parent_oid = 1 AND name = ? AND end_tid IS NULL")) {
            int step = Math.max(1, docs.size() / count);
            for (int i = 0, k = 0; k < count && i < docs.size(); i += step, k++) {
                ps.setBytes(1, Rows.encode(docs.get(i).withBody("changed " + tid + " " + docs.get(i).body())));
                ps.setLong(2, tid);
                ps.setString(3, "doc-" + i);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static long copy(Connection reader, Connection writer, String copySql, String folder, String where, boolean clientTsvector) throws Exception {
        long rows = 0;
        PGConnection pg = writer.unwrap(PGConnection.class);
        try (PreparedStatement ps = reader.prepareStatement("SELECT oid, tid, name, owner, state FROM " + Rows.TABLE
                + " WHERE parent_oid = 1 AND end_tid IS NULL" + where)) {
            ps.setFetchSize(1_000);
            Rows.binary(ps);
            try (ResultSet rs = ps.executeQuery();
                    Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, copySql), StandardCharsets.UTF_8), 65_536)) {
                StringBuilder line = new StringBuilder(4_096);
                while (rs.next()) {
                    Document d = Rows.decode(rs.getBytes(5));
                    IndexEntry e = d.indexEntry();
                    line.setLength(0);
                    line.append(rs.getLong(1)).append('\t');
                    text(line, folder + "/" + rs.getString(3)).append('\t');
                    text(line, folder).append('\t');
                    line.append(Document.class.getName()).append('\t');
                    text(line, e.title()).append('\t');
                    text(line, rs.getString(4)).append('\t');
                    instant(line, e.created()).append('\t');
                    instant(line, e.modified()).append('\t');
                    line.append(rs.getLong(2)).append('\t');
                    if (clientTsvector) {
                        String tsv = Tsvectors.simpleText(e);
                        if (tsv == null) {
                            throw new ClientDeclined(rs.getString(3));
                        }
                        text(line, tsv).append('\t').append("{}");
                    } else {
                        text(line, e.description()).append('\t');
                        text(line, e.body()).append('\t');
                        text(line, String.join(" ", e.tags()));
                    }
                    line.append('\n');
                    out.append(line);
                    rows++;
                }
            }
        }
        return rows;
    }

    /** The client tsvector builder declined a row (text it cannot split exactly as the server would). */
    static final class ClientDeclined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientDeclined(String name) {
            super("the client does not build the tsvector of " + name);
        }
    }

    private static StringBuilder instant(StringBuilder line, Instant i) {
        return i == null ? line.append("\\N") : line.append(i);
    }

    /** COPY text format: backslash, tab, newline and carriage return escaped. */
    private static StringBuilder text(StringBuilder line, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }
}
