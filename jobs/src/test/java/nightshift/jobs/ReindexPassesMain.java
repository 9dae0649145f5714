package nightshift.jobs;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.catalog.Catalog;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.TestServer;

/**
 * Child process of {@link MillionNodesReindexTest}: N documents (about 60 words of body each) in 100 folders, then
 * through the JobRunner: a full reindex into an empty catalog, a full reindex over an up-to-date catalog, and an
 * incremental one after 1,000 updates. Prints each step and the peak heap. Args: [N].
 */
public final class ReindexPassesMain {
    private ReindexPassesMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        passes(TestServer.get().newDatabase("reindexbench").build(), n, false);
        System.exit(0);
    }

    /**
     * The work, in an empty database: prints each pass's nodes/s and the peak heap. With {@code serverTsvector}, a
     * full reindex into an emptied catalog with the server's to_tsvector comes before the incremental one. Bench's
     * {@code ReindexBenchmark} runs it on the harness's server.
     */
    public static void passes(StoreConfig config, int n, boolean serverTsvector) throws Exception {
        Store.migrate(config);
        try (Store store = Store.open(config)) {
            PrincipalDirectory.of(store).addUser("bench", "Bench");
            PrincipalDirectory.of(store).grant("bench", Role.MANAGER);
            long t0 = System.nanoTime();
            create(store, n);
            System.out.printf("created %d documents in %.1f s%n", n, secs(t0));
            JobCatalog jobs = JobCatalog.load(ReindexPassesMain.class.getClassLoader());
            JobRunner client = JobRunner.create(store).build();

            time("full, empty catalog, client tsvector (GIN rebuilt)", n, () -> run(client, jobs, "--path", "/bench"));
            time("full, catalog up to date", n, () -> run(client, jobs, "--path", "/bench"));
            if (serverTsvector) {
                JobRunner server = JobRunner.create(store).catalog(Catalog.of(store).withTextConfig("pg_catalog.simple")).build();
                try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("TRUNCATE ns_catalog, ns_catalog_state");
                }
                time("full, empty catalog, server to_tsvector", n, () -> run(server, jobs, "--path", "/bench"));
            }
            update(store, 1_000);
            time("incremental after 1,000 updates", 1_000, () -> run(client, jobs, "--path", "/bench", "--incremental"));
        }
        System.out.println(ChildJvm.peakHeap());
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void time(String label, int nodes, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        double s = secs(t0);
        System.out.printf("%-55s %7.1f s %9.0f nodes/s%n", label, s, nodes / s);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(JobRunner runner, JobCatalog jobs, String... args) {
        RunResult r = runner.run(JobParameters.request(jobs.find("reindex"), "bench", args));
        if (r.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException(r.describe(), r.error());
        }
    }

    private static void create(Store store, int n) {
        Random random = new Random(42);
        String[] words = new String[5_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 3 + random.nextInt(7); k > 0; k--) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.toString();
        }
        int perFolder = Math.max(1, n / 100);
        try (Session s = store.openSession("bench")) {
            Node bench = s.create(s.root(), "bench", Folder.titled("bench"));
            Node folder = null;
            Instant now = Instant.now();
            for (int i = 0; i < n; i++) {
                if (i % perFolder == 0) {
                    folder = s.create(bench, String.format("f%03d", i / perFolder), Folder.titled("Folder " + i / perFolder));
                }
                StringBuilder body = new StringBuilder();
                for (int k = 0; k < 60; k++) {
                    body.append(words[random.nextInt(words.length)]).append(k % 12 == 11 ? ". " : " ");
                }
                s.create(folder, String.format("doc-%07d", i), new Document("Document " + i + " " + words[i % words.length],
                        "About " + words[(i * 7) % words.length], body.toString(), List.of(words[i % 50]), now, now));
            }
            s.commit(TxInfo.of("bench"));
        }
    }

    private static void update(Store store, int count) {
        try (Session s = store.openSession("bench")) {
            Node folder = s.get("/bench/f000");
            try (var children = s.children(folder)) {
                children.limit(count).forEach(d -> s.update(d.withObject(d.object(Document.class).withBody("updated words"))));
            }
            s.commit(TxInfo.of("bench"));
        }
    }
}
