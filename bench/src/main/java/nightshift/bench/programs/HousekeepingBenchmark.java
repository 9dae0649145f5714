package nightshift.bench.programs;

import java.sql.Connection;
import java.sql.Statement;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * Housekeeping throughput on N documents with 3 revisions each (created, then updated twice, in transactions of
 * 10,000): verify of the whole store (catalog indexed), undo of one 10,000-document update transaction, and pack
 * of everything older than now (2N old versions removed), each through the job runner as system. Run:
 * {@code bench/run HousekeepingBenchmark 100000}. Args: [N]
 */
public final class HousekeepingBenchmark {
    private static final int PER_TX = 10_000;

    private HousekeepingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        StoreConfig config = BenchDatabase.fresh("housekeeping_bench");
        Store.migrate(config);
        try (Store store = Store.open(config)) {
            long t0 = System.nanoTime();
            try (Session s = store.openSession()) {
                s.create(s.root(), "docs", Folder.titled("docs"));
                s.commit(TxInfo.system("setup"));
            }
            String body = "lorem ipsum dolor sit amet ".repeat(18);
            for (int revision = 1; revision <= 3; revision++) {
                for (int from = 0; from < n; from += PER_TX) {
                    try (Session s = store.openSession()) {
                        Node docs = s.get("/docs");
                        for (int i = from; i < Math.min(n, from + PER_TX); i++) {
                            if (revision == 1) {
                                s.create(docs, "doc-" + i, Document.of("Document " + i, body + i));
                            } else {
                                Node d = s.get("/docs/doc-" + i);
                                s.update(d.withObject(d.object(Document.class).withTitle("Document " + i + " r" + revision)));
                            }
                        }
                        s.commit(TxInfo.system("revision " + revision));
                    }
                }
            }
            System.out.printf("setup: %,d documents x 3 revisions in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            run(store, "reindex");
            long lastTid = store.lastTid();

            double verify = run(store, "verify");
            System.out.printf("verify: %,d nodes in %.1f s (%,.0f nodes/s)%n", n + 2, verify, (n + 2) / verify);

            double undo = run(store, "undo", "--tid", String.valueOf(lastTid));
            System.out.printf("undo of one %,d-document update: %.1f s (%,.0f nodes/s)%n", Math.min(n, PER_TX), undo,
                    Math.min(n, PER_TX) / undo);

            long versions = count(store, "SELECT count(*) FROM ns_object");
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("UPDATE ns_tx SET committed_at = committed_at - interval '30 days'");
            }
            double pack = run(store, "pack", "--keep-days", "0");
            long removed = versions - count(store, "SELECT count(*) FROM ns_object");
            System.out.printf("pack: %,d old versions of %,d nodes removed in %.1f s (%,.0f versions/s, %,.0f nodes/s)%n",
                    removed, n, pack, removed / pack, n / pack);
        }
        System.exit(0);
    }

    private static double run(Store store, String job, String... args) {
        long t0 = System.nanoTime();
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(
                JobCatalog.load(HousekeepingBenchmark.class.getClassLoader()).find(job), TxInfo.SYSTEM_USER, args));
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.status() != RunStatus.SUCCEEDED) {
            System.out.println(job + " failed: " + r.describe());
            System.exit(1);
        }
        System.out.println("  " + r.describe() + (r.note() == null ? "" : " — " + r.note()));
        return s;
    }

    private static long count(Store store, String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
