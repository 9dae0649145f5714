package nightshift.bench;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.Serializer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.content.Document;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The plain-JDBC side of every baseline: a table shaped and indexed like {@code ns_object} (same columns, primary
 * key and unique current-name and current-oid indexes), the same Kryo-encoded states, inserted with batched
 * statements or binary COPY, and streamed back and decoded.
 */
final class Rows {
    static final String TABLE = "bench_object";
    private static final int BATCH = 1_000;

    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(() -> {
        Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.register(Document.class, new DocumentSerializer());
        return k;
    });

    private Rows() {
    }

    /**
     * The fastest plain Kryo encoding of a Document: its fields in a fixed order, no names, no chunks. (Kryo's own
     * RecordSerializer looks the record's components up by reflection on every read: about 130,000 decodes/s here,
     * which made the read baselines slower than the store.)
     */
    static final class DocumentSerializer extends Serializer<Document> {
        @Override
        public void write(Kryo kryo, Output out, Document d) {
            out.writeString(d.title());
            out.writeString(d.description());
            out.writeString(d.body());
            out.writeVarInt(d.tags().size(), true);
            for (String tag : d.tags()) {
                out.writeString(tag);
            }
            instant(out, d.created());
            instant(out, d.modified());
        }

        @Override
        public Document read(Kryo kryo, Input in, Class<? extends Document> type) {
            String title = in.readString();
            String description = in.readString();
            String body = in.readString();
            int tagCount = in.readVarInt(true);
            List<String> tags = new ArrayList<>(tagCount);
            for (int i = 0; i < tagCount; i++) {
                tags.add(in.readString());
            }
            return new Document(title, description, body, tags, instant(in), instant(in));
        }

        private static void instant(Output out, Instant i) {
            out.writeBoolean(i != null);
            if (i != null) {
                out.writeVarLong(i.getEpochSecond(), true);
                out.writeVarInt(i.getNano(), true);
            }
        }

        private static Instant instant(Input in) {
            return in.readBoolean() ? Instant.ofEpochSecond(in.readVarLong(true), in.readVarInt(true)) : null;
        }
    }

    static void recreateTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (oid bigint NOT NULL, tid bigint NOT NULL, end_tid bigint, parent_oid bigint,"
                    + " name text COLLATE \"C\" NOT NULL, type_id integer NOT NULL, owner text NOT NULL, state bytea NOT NULL,"
                    + " PRIMARY KEY (oid, tid))");
            st.execute("CREATE UNIQUE INDEX " + TABLE + "_name ON " + TABLE + " (parent_oid, name) WHERE end_tid IS NULL");
            st.execute("CREATE UNIQUE INDEX " + TABLE + "_oid ON " + TABLE + " (oid) WHERE end_tid IS NULL");
            st.execute("CREATE INDEX " + TABLE + "_tid_brin ON " + TABLE + " USING brin (tid)");
        }
    }

    static void truncate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + TABLE);
        }
    }

    /**
     * Replaces the table's rows by {@code states} (one COPY) and analyzes it, so the read baselines get the plan a
     * maintained table gets (unanalyzed, ORDER BY name sorted every row, states included, on disk instead of walking
     * the name index).
     */
    static void load(Connection c, List<byte[]> states, int n) throws Exception {
        truncate(c);
        insertCopy(c, states, n);
        try (Statement st = c.createStatement()) {
            st.execute("ANALYZE " + TABLE);
        }
    }

    /** Inserts {@code states} as children of parent 1, {@code perTx} rows per transaction, with batched INSERTs. */
    static void insertBatched(Connection c, List<byte[]> states, int perTx) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (oid, tid, end_tid, parent_oid, name, type_id, owner, state) VALUES (?, ?, NULL, 1, ?, 101, 'bench', ?)")) {
            int inBatch = 0;
            for (int i = 0; i < states.size(); i++) {
                ps.setLong(1, i + 2L);
                ps.setLong(2, 1 + i / perTx);
                ps.setString(3, "doc-" + i);
                ps.setBytes(4, states.get(i));
                ps.addBatch();
                inBatch++;
                boolean txEnd = (i + 1) % perTx == 0 || i + 1 == states.size();
                if (inBatch == BATCH || txEnd) {
                    ps.executeBatch();
                    inBatch = 0;
                }
                if (txEnd) {
                    c.commit();
                }
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The same rows through binary COPY, one COPY per transaction of {@code perTx} rows. */
    static void insertCopy(Connection c, List<byte[]> states, int perTx) throws Exception {
        PGConnection pg = c.unwrap(PGConnection.class);
        c.setAutoCommit(false);
        try {
            for (int from = 0; from < states.size(); from += perTx) {
                int to = Math.min(states.size(), from + perTx);
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new PGCopyOutputStream(pg,
                        "COPY " + TABLE + " (oid, tid, end_tid, parent_oid, name, type_id, owner, state) FROM STDIN (FORMAT binary)"), 65_536))) {
                    out.writeBytes("PGCOPY\n");
                    out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
                    out.writeInt(0);
                    out.writeInt(0);
                    byte[] owner = "bench".getBytes(StandardCharsets.UTF_8);
                    for (int i = from; i < to; i++) {
                        out.writeShort(8);
                        long8(out, i + 2L);
                        long8(out, 1 + i / perTx);
                        out.writeInt(-1);
                        long8(out, 1);
                        bytes(out, ("doc-" + i).getBytes(StandardCharsets.UTF_8));
                        out.writeInt(4);
                        out.writeInt(101);
                        bytes(out, owner);
                        bytes(out, states.get(i));
                    }
                    out.writeShort(-1);
                }
                c.commit();
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void long8(DataOutputStream out, long v) throws java.io.IOException {
        out.writeInt(8);
        out.writeLong(v);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws java.io.IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** The top node of the read baseline's plan (to show it walks the name index rather than sorting). */
    static String readPlan(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN " + READ_ALL)) {
            rs.next();
            return rs.getString(1).replaceAll("\\s+\\(cost.*", "").strip();
        }
    }

    private static final String READ_ALL = "SELECT oid, name, type_id, owner, state FROM " + TABLE
            + " WHERE parent_oid = 1 AND end_tid IS NULL ORDER BY name";

    /** Streams the current children of parent 1 in name order and decodes each state; returns how many had a title. */
    static long readAll(Connection c) throws SQLException {
        long read = 0;
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(READ_ALL)) {
            ps.setFetchSize(1_000);
            Rows.binary(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read += decode(rs.getBytes(5)).title().isEmpty() ? 0 : 1;
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return read;
    }

    /** Results in binary from the first execution (pgjdbc switches only after 5; hex-decoding bytea in text form halves a read). */
    static void binary(PreparedStatement ps) throws SQLException {
        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
    }

    static byte[] encode(Document d) {
        Output out = new Output(1024, -1);
        KRYO.get().writeObject(out, d);
        return out.toBytes();
    }

    static Document decode(byte[] bytes) {
        return KRYO.get().readObject(new Input(bytes), Document.class);
    }

    static List<byte[]> encodeAll(List<Document> docs) {
        List<byte[]> states = new ArrayList<>(docs.size());
        for (Document d : docs) {
            states.add(encode(d));
        }
        return states;
    }

    private static final String BODY = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore"
            + " et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut"
            + " aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum"
            + " dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui"
            + " officia deserunt mollit anim id est laborum.";
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    /** N documents of about 600 bytes of fields each (the store benchmark's). */
    static List<Document> documents(int n) {
        List<Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(document(i));
        }
        return docs;
    }

    /** The i-th of those documents. */
    static Document document(int i) {
        return new Document("Document number " + i, "A short description of document " + i, BODY + " #" + i,
                List.of("news", "tag" + (i % 50)), NOW, NOW);
    }
}
