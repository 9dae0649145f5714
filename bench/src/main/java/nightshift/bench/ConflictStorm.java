package nightshift.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import nightshift.jobs.Job;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/** The conflict storm: jobs that all write the same few documents at once, and every retry it takes. */
final class ConflictStorm {
    private static final int STORM_THREADS = 4;
    private static final int STORM_DOCS = 10;
    private static final int STORM_JOBS_PER_THREAD = 25;

    private final Store store;
    private final String prefix;
    private final int rounds;
    private final JobRunner runner;

    ConflictStorm(Store store, String prefix, int rounds) {
        this.store = store;
        this.prefix = prefix;
        this.rounds = rounds;
        this.runner = JobRunner.create(store).runOnCallerThread(true).build();
    }

    /**
     * 9: 4 threads each running 25 jobs that increment a counter in the body of the same 10 documents; a job that
     * loses the race retries. Baseline: the same increments in plain transactions with SELECT ... FOR UPDATE.
     */
    Measurement run() throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> retries = new ArrayList<>();
        long failed = 0;
        long ran = 0;
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            String folder = "/" + prefix + "-storm-r" + r.index();
            try (Session s = store.openSession("editor")) {
                Node f = s.create(s.root(), folder.substring(1), Folder.titled("storm"));
                for (int i = 0; i < STORM_DOCS; i++) {
                    s.create(f, "doc-" + i, Document.of("Storm " + i, "0"));
                }
                s.commit(TxInfo.of("bench setup"));
            }
            AtomicLong attempts = new AtomicLong();
            AtomicLong succeeded = new AtomicLong();
            java.util.Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            parallel(thread -> {
                for (int j = 0; j < STORM_JOBS_PER_THREAD; j++) {
                    RunResult res = runner.run(RunRequest.builder("bench-storm", () -> stormJob(folder), "editor")
                            .lockKey("bench-storm-" + thread + "-" + j).retries(1_000).build());
                    attempts.addAndGet(res.attempts());
                    if (res.succeeded()) {
                        succeeded.incrementAndGet();
                    } else {
                        failures.merge(res.status() + " after " + res.attempts() + " attempts: "
                                + (res.error() == null ? res.describe() : res.error().toString()), 1, Integer::sum);
                    }
                }
            });
            double ns = succeeded.get() / Bench.seconds(System.nanoTime() - t0);
            long total = (long) STORM_THREADS * STORM_JOBS_PER_THREAD;
            failures.forEach((why, count) -> System.out.println("    conflict-storm: " + count + " job(s) failed, " + why));
            failed += total - succeeded.get();
            ran += total;
            try (Session s = store.openSession("editor")) {
                for (int i = 0; i < STORM_DOCS; i++) {
                    long counter = Long.parseLong(s.get(folder + "/doc-" + i, Document.class).body());
                    Bench.check(counter == succeeded.get(), "lost update: " + folder + "/doc-" + i + " counts " + counter
                            + ", expected " + succeeded.get() + " (one per succeeded job)");
                }
            }
            double perJob = (attempts.get() - total) / (double) total;
            double bs = stormBaseline(total);
            Workloads.log("conflict-storm", r, ns, bs, "jobs/s", String.format(Locale.ROOT, "%.2f retries/job, no lost update", perJob));
            if (r.measuring()) {
                ours.add(ns);
                base.add(bs);
                retries.add(perJob);
            }
        }
        return Measurement.paired("conflict-storm", "jobs/s", ours, base, true, Double.NaN,
                String.format(Locale.ROOT, "%.2f retries/job (median), no lost update, %d of %d jobs failed, pool %d; baseline: SELECT FOR UPDATE tx",
                Bench.median(retries), failed, ran, store.config().poolSize()));
    }

    private double stormBaseline(long total) throws Exception {
        try (Connection c = store.dataSource().getConnection()) {
            Rows.truncate(c);
            List<byte[]> ten = new ArrayList<>();
            for (int i = 0; i < STORM_DOCS; i++) {
                ten.add(Rows.encode(Document.of("Storm " + i, "0")));
            }
            Rows.insertBatched(c, ten, STORM_DOCS);
        }
        long t0 = System.nanoTime();
        parallel(thread -> {
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (int j = 0; j < STORM_JOBS_PER_THREAD; j++) {
                    List<long[]> ids = new ArrayList<>();
                    List<Document> read = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT oid, state FROM " + Rows.TABLE
                            + " WHERE parent_oid = 1 AND end_tid IS NULL ORDER BY oid FOR UPDATE");
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(new long[] {rs.getLong(1)});
                            read.add(Rows.decode(rs.getBytes(2)));
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + Rows.TABLE + " SET state = ? WHERE oid = ? AND end_tid IS NULL")) {
                        for (int i = 0; i < ids.size(); i++) {
                            Document d = read.get(i);
                            ps.setBytes(1, Rows.encode(d.withBody(Long.toString(Long.parseLong(d.body()) + 1))));
                            ps.setLong(2, ids.get(i)[0]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                }
                c.setAutoCommit(true);
            }
        });
        double rate = total / Bench.seconds(System.nanoTime() - t0);
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM " + Rows.TABLE);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Bench.check(Long.parseLong(Rows.decode(rs.getBytes(1)).body()) == total, "baseline lost an update");
            }
        }
        return rate;
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void parallel(ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(STORM_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < STORM_THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Job stormJob(String folder) {
        return ctx -> {
            Node f = ctx.session().get(folder);
            try (Stream<Node> children = ctx.session().children(f)) {
                for (Node d : (Iterable<Node>) children::iterator) {
                    Document doc = d.object(Document.class);
                    ctx.session().update(d.withObject(doc.withBody(Long.toString(Long.parseLong(doc.body()) + 1))));
                }
            }
        };
    }

}
