package nightshift.bench.programs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * The store's own small benchmark: N documents of about 600 bytes created in one commit, then read back by walking
 * the folder, each against a plain-JDBC baseline doing the same physical work on the same server. Run:
 * {@code bench/run StoreBenchmark 100000 3} after {@code ./mvnw -q -Pbench -pl bench -am package -DskipTests}.
 * Args: [N] [rounds]
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Document> docs = documents(n);
        System.out.printf("documents: %d, state size about %d bytes%n", n, encodedSize(docs.get(0)));
        for (int round = 0; round <= rounds; round++) {
            String label = round == 0 ? "warm-up" : "round " + round;
            StoreConfig config = BenchDatabase.fresh("store_bench");
            Store.migrate(config);
            try (Store store = Store.open(config)) {
                long t0 = System.nanoTime();
                long stagedAt;
                try (Session s = store.openSession("bench")) {
                    Node folder = s.create(s.root(), "docs", Folder.titled("docs"));
                    for (int i = 0; i < n; i++) {
                        s.create(folder, "doc-" + i, docs.get(i));
                    }
                    stagedAt = System.nanoTime();
                    s.commit(TxInfo.of("bench"));
                }
                long t1 = System.nanoTime();
                long read = 0;
                try (Session s = store.openSession("bench")) {
                    try (var children = s.children(s.get("/docs"))) {
                        for (Node node : (Iterable<Node>) children::iterator) {
                            read += node.object(Document.class).title().length() > 0 ? 1 : 0;
                        }
                    }
                }
                long t2 = System.nanoTime();
                double[] baseline = baseline(store, docs);
                double create = n / seconds(t1 - t0);
                double walk = read / seconds(t2 - t1);
                System.out.printf("%-8s create %,9.0f obj/s (stage %.1fs, commit %.1fs)  baseline insert %,9.0f rows/s  ratio %.2f%n",
                        label, create, seconds(stagedAt - t0), seconds(t1 - stagedAt), baseline[0], create / baseline[0]);
                System.out.printf("%-8s read   %,9.0f obj/s                          baseline read   %,9.0f rows/s  ratio %.2f%n",
                        label, walk, baseline[1], walk / baseline[1]);
            }
        }
    }

    /** Plain JDBC: the same rows (same state bytes) inserted in one transaction with batched statements, then streamed back and decoded. */
    private static double[] baseline(Store store, List<Document> docs) throws Exception {
        List<byte[]> states = new ArrayList<>(docs.size());
        for (Document d : docs) {
            states.add(encode(d));
        }
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_rows (oid bigint PRIMARY KEY, parent_oid bigint, name text COLLATE \"C\","
                    + " type_id int, owner text, state bytea)");
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_rows VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < states.size(); i++) {
                    ps.setLong(1, i + 1L);
                    ps.setLong(2, 0);
                    ps.setString(3, "doc-" + i);
                    ps.setInt(4, 101);
                    ps.setString(5, "bench");
                    ps.setBytes(6, states.get(i));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            long t1 = System.nanoTime();
            long decoded = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT oid, name, state FROM bench_rows ORDER BY oid")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        decoded += decode(rs.getBytes(3)).title().length() > 0 ? 1 : 0;
                    }
                }
            }
            c.commit();
            long t2 = System.nanoTime();
            c.setAutoCommit(true);
            return new double[] {states.size() / seconds(t1 - t0), decoded / seconds(t2 - t1)};
        }
    }

    private static final ThreadLocal<com.esotericsoftware.kryo.Kryo> KRYO = ThreadLocal.withInitial(() -> {
        com.esotericsoftware.kryo.Kryo k = new com.esotericsoftware.kryo.Kryo();
        k.setRegistrationRequired(false);
        k.register(Document.class, new com.esotericsoftware.kryo.serializers.RecordSerializer<>(Document.class));
        return k;
    });

    private static byte[] encode(Document d) {
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(1024, -1);
        KRYO.get().writeObject(out, d);
        return out.toBytes();
    }

    private static Document decode(byte[] bytes) {
        return KRYO.get().readObject(new com.esotericsoftware.kryo.io.Input(bytes), Document.class);
    }

    private static int encodedSize(Document d) {
        return encode(d).length;
    }

    static List<Document> documents(int n) {
        String body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore"
                + " et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut"
                + " aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum"
                + " dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui"
                + " officia deserunt mollit anim id est laborum.";
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        List<Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(new Document("Document number " + i, "A short description of document " + i, body + " #" + i,
                    List.of("news", "tag" + (i % 50)), now, now));
        }
        return docs;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
