package nightshift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.jobs.Job;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.store.ConflictException;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Query;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * What the live site feels while a job runs. A live load runs against the store throughout, at fixed rates and from a
 * store of its own (as the site's process would): page reads (a document by path, a folder's first page), catalog
 * searches, and small commits (one document updated or created per transaction, in folders no job touches). The jobs
 * run one after another through a {@link JobRunner} on another store; for each, the live load's latencies while it
 * ran are set against the same load's idle latencies, and {@code pg_locks} is sampled for the locks the job's
 * connections held on the tables the site reads.
 */
final class Coexistence {
    /** The site's requests per second, by kind. */
    private static final int READS_PER_SECOND = 40;
    private static final int SEARCHES_PER_SECOND = 10;
    private static final int COMMITS_PER_SECOND = 10;
    private static final int LIVE_FOLDERS = 20;
    private static final int LIVE_DOCS = 100;
    private static final long IDLE_SECONDS = 15;
    /** The application name of the jobs' connections, by which the lock sampler knows them. */
    private static final String JOBS = "nightshift-bench-job";
    private static final List<String> LIVE_TABLES = List.of("ns_object", "ns_catalog", "ns_catalog_state", "ns_principal",
            "ns_principal_role", "ns_group_member", "ns_local_role", "ns_node_permission", "ns_node_security", "ns_tx");
    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
    private static final String[] WORDS = {"alpha", "river", "garden", "night", "market", "winter", "station", "harbour"};

    private final Bench.Target target;
    private final String prefix;
    private final List<Integer> sizes;

    Coexistence(Bench.Target target, String prefix, List<Integer> sizes) {
        this.target = target;
        this.prefix = prefix;
        this.sizes = sizes;
    }

    /** One request of the live load: what it was, when it was due, how long it took from then. */
    private record Sample(String kind, long dueNanos, long nanos, boolean failed) {
    }

    /** A job run under the live load. */
    private record JobRun(String name, long startNanos, long endNanos, String strongestLock, String outcome) {
    }

    List<String> run() throws Exception {
        StoreConfig base = target.config();
        StoreConfig jobsConfig = StoreConfig.builder(base.url()).user(base.user()).passwordFile(target.passwordFile())
                .applicationName(JOBS).build();
        StoreConfig liveConfig = StoreConfig.builder(base.url()).user(base.user()).passwordFile(target.passwordFile())
                .applicationName("nightshift-bench-live-site").poolSize(14).build();
        List<JobRun> runs = new ArrayList<>();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        try (Store jobs = Store.open(jobsConfig); Store live = Store.open(liveConfig)) {
            JobRunner runner = JobRunner.create(jobs).runOnCallerThread(true).build();
            JobCatalog catalog = JobCatalog.load(Coexistence.class.getClassLoader());
            String site = "/" + prefix + "-live";
            setUpSite(runner, catalog, jobs, site);
            LiveLoad load = new LiveLoad(live, site, samples);
            load.start();
            try {
                long idleStart = System.nanoTime();
                TimeUnit.SECONDS.sleep(IDLE_SECONDS);
                runs.add(new JobRun("idle", idleStart, System.nanoTime(), "", ""));
                for (int n : sizes) {
                    runJobs(runner, catalog, jobs, n, runs);
                }
            } finally {
                load.stop();
            }
        }
        return report(runs, samples);
    }

    private void setUpSite(JobRunner runner, JobCatalog catalog, Store store, String site) {
        run(runner, RunRequest.of("bench-live-site", () -> ctx -> {
            Session s = ctx.session();
            Node top = s.create(s.root(), site.substring(1), Folder.titled("the live site"));
            Random r = new Random(7);
            for (int f = 0; f < LIVE_FOLDERS; f++) {
                Node folder = s.create(top, "section-" + f, Folder.titled("section " + f));
                for (int d = 0; d < LIVE_DOCS; d++) {
                    s.create(folder, "page-" + d, Document.of(WORDS[r.nextInt(WORDS.length)] + " page " + d,
                            "about " + WORDS[r.nextInt(WORDS.length)] + " and " + WORDS[r.nextInt(WORDS.length)]));
                }
            }
        }, "admin"), "setting up the live site");
        run(runner, JobParameters.request(catalog.find("reindex"), "admin", "--path", site), "indexing the live site");
        Bench.check(store != null, "store");
    }

    /** The jobs, each run once under the live load, on a store of {@code n} documents more. */
    private void runJobs(JobRunner runner, JobCatalog catalog, Store store, int n, List<JobRun> runs) throws Exception {
        List<Document> docs = Rows.documents(n);
        String big = "/" + prefix + "-big-" + n;
        String many = "/" + prefix + "-many-" + n;
        Path dir = Path.of("bench", "target", "coexistence").toAbsolutePath();
        ExportRows.delete(dir);
        Files.createDirectories(dir);
        String label = String.format(Locale.ROOT, " (%,d)", n);
        timed(runs, "create-one-job" + label, () -> run(runner, RunRequest.of("bench-create-one", () -> createJob(big, docs, 0, n),
                "contributor"), "create-one-job"));
        timed(runs, "create-many-jobs" + label, () -> {
            for (int from = 0; from < Math.min(n, 20_000); from += 100) {
                int start = from;
                run(runner, RunRequest.of("bench-create-many", () -> createJob(many, docs, start, start + 100), "contributor"),
                        "create-many-jobs");
            }
        });
        timed(runs, "reindex-full" + label, () -> run(runner, JobParameters.request(catalog.find("reindex"), "admin",
                "--path", "/"), "reindex-full"));
        String tenth = big + "-tenth";
        run(runner, RunRequest.of("bench-create-tenth", () -> createJob(tenth, docs, 0, Math.max(1, n / 10)), "contributor"),
                "a tenth");
        timed(runs, "reindex-subtree" + label, () -> run(runner, JobParameters.request(catalog.find("reindex"), "admin",
                "--path", tenth), "reindex of a tenth"));
        timed(runs, "export-static" + label, () -> run(runner, JobParameters.request(catalog.find("export-static"), "admin",
                "--path", big, "--out", dir.resolve("site").toString()), "export-static"));
        Path archive = dir.resolve("archive.jsonl");
        timed(runs, "export" + label, () -> run(runner, JobParameters.request(catalog.find("export"), "admin",
                "--path", tenth, "--out", archive.toString()), "export"));
        timed(runs, "import" + label, () -> run(runner, JobParameters.request(catalog.find("import"), "admin",
                "--in", archive.toString(), "--into", tenth + "-imported"), "import"));
        timed(runs, "verify" + label, () -> run(runner, JobParameters.request(catalog.find("verify"), "admin"), "verify"));
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE ns_tx SET committed_at = committed_at - interval '2 days'");
        }
        timed(runs, "pack" + label, () -> run(runner, JobParameters.request(catalog.find("pack"), "admin", "--keep-days", "1"),
                "pack"));
        ExportRows.delete(dir);
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs a job while sampling the locks the jobs' connections hold on the site's tables. */
    private void timed(List<JobRun> runs, String name, Body body) throws Exception {
        AtomicReference<String> strongest = new AtomicReference<>("");
        AtomicInteger running = new AtomicInteger(1);
        Thread sampler = new Thread(() -> sampleLocks(strongest, running), "bench-lock-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            body.run();
        } catch (RuntimeException e) {
            outcome = "failed: " + e.getMessage();
        } finally {
            running.set(0);
            sampler.join();
        }
        long end = System.nanoTime();
        runs.add(new JobRun(name, start, end, strongest.get(), outcome));
        System.out.printf(Locale.ROOT, "  coexistence %-28s %8.1f s  strongest lock on the site's tables: %s%s%n", name,
                (end - start) / 1e9, strongest.get().isEmpty() ? "none" : strongest.get(), outcome.equals("ok") ? "" : "  " + outcome);
        TimeUnit.SECONDS.sleep(2);
    }

    private void sampleLocks(AtomicReference<String> strongest, AtomicInteger running) {
        String tables = String.join("', '", LIVE_TABLES);
        try (Connection c = java.sql.DriverManager.getConnection(target.url(), target.user(), target.config().password());
                Statement st = c.createStatement()) {
            while (running.get() == 1) {
                try (ResultSet rs = st.executeQuery("SELECT l.mode || ' on ' || r.relname, l.mode FROM pg_locks l"
                        + " JOIN pg_class r ON r.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'relation' AND a.application_name = '" + JOBS + "' AND r.relname IN ('" + tables + "')")) {
                    while (rs.next()) {
                        String seen = rs.getString(1);
                        String now = strongest.get();
                        if (now.isEmpty() || MODES.indexOf(rs.getString(2)) > MODES.indexOf(now.substring(0, now.indexOf(' ')))) {
                            strongest.set(seen);
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            strongest.set("(sampler failed: " + e.getMessage() + ")");
        }
    }

    private static Job createJob(String folder, List<Document> docs, int from, int to) {
        return ctx -> {
            Session s = ctx.session();
            Node f = s.exists(folder) ? s.get(folder) : s.create(s.root(), folder.substring(1), Folder.titled(folder));
            for (int i = from; i < to; i++) {
                s.create(f, "doc-" + i, docs.get(i % docs.size()));
            }
        };
    }

    private static void run(JobRunner runner, RunRequest request, String what) {
        RunResult r = runner.run(request);
        Bench.check(r.succeeded(), what + ": " + r.describe() + (r.error() == null ? "" : ": " + r.error()));
    }

    // ---- the live site

    /** The site's requests, each on a worker of its own, due at fixed rates: a late request counts from when it was due. */
    private static final class LiveLoad {
        private final Store store;
        private final String site;
        private final List<Sample> samples;
        private final Catalog catalog;
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        /** Workers of each kind of request: a stalled kind must not hold up the others' measurements. */
        private final Map<String, ExecutorService> workers = new LinkedHashMap<>();
        private final Random random = new Random(11);
        private final AtomicInteger created = new AtomicInteger();

        LiveLoad(Store store, String site, List<Sample> samples) {
            this.store = store;
            this.site = site;
            this.samples = samples;
            this.catalog = Catalog.of(store);
        }

        void start() {
            every(READS_PER_SECOND, "read", this::read);
            every(SEARCHES_PER_SECOND, "search", this::search);
            every(COMMITS_PER_SECOND, "commit", this::commit);
        }

        void stop() throws InterruptedException {
            clock.shutdownNow();
            for (ExecutorService pool : workers.values()) {
                pool.shutdown();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }

        private void every(int perSecond, String kind, Runnable request) {
            long period = 1_000_000_000L / perSecond;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            workers.put(kind, pool);
            clock.scheduleAtFixedRate(() -> {
                long due = System.nanoTime();
                pool.execute(() -> {
                    boolean failed = false;
                    try {
                        request.run();
                    } catch (RuntimeException e) {
                        failed = true;
                    }
                    samples.add(new Sample(kind, due, System.nanoTime() - due, failed));
                });
            }, period, period, TimeUnit.NANOSECONDS);
        }

        private synchronized int next(int bound) {
            return random.nextInt(bound);
        }

        private void read() {
            try (Session s = store.openSession("reader")) {
                String folder = site + "/section-" + next(LIVE_FOLDERS);
                if (next(2) == 0) {
                    s.get(folder + "/page-" + next(LIVE_DOCS)).object(Document.class).title();
                } else {
                    s.children(s.get(folder), nightshift.store.Page.first(50)).nodes().forEach(Node::object);
                }
            }
        }

        private void search() {
            catalog.search(Query.builder().path(site).text(WORDS[next(WORDS.length)]).limit(20).build());
        }

        private void commit() {
            try (Session s = store.openSession("editor")) {
                String folder = site + "/section-" + next(LIVE_FOLDERS);
                if (next(4) == 0) {
                    s.create(s.get(folder), "new-" + created.incrementAndGet(), Document.of("new page", "saved by the site"));
                } else {
                    Node page = s.get(folder + "/page-" + next(LIVE_DOCS));
                    s.update(page.withObject(page.object(Document.class).withBody("edited " + System.nanoTime())));
                }
                s.commit(TxInfo.of("editor"));
            } catch (ConflictException e) {
                // two of the site's own saves of one page; not what is measured here
            }
        }
    }

    // ---- the table

    private static List<String> report(List<JobRun> runs, List<Sample> all) {
        List<Sample> samples;
        synchronized (all) {
            samples = new ArrayList<>(all);
        }
        JobRun idle = runs.get(0);
        Map<String, double[]> idleStats = new LinkedHashMap<>();
        for (String kind : List.of("read", "search", "commit")) {
            idleStats.put(kind, stats(samples, kind, idle));
        }
        List<String> lines = new ArrayList<>();
        lines.add("| job | took | reads p50 / p99 / max (ms) | searches p50 / p99 / max (ms) | commits p50 / p99 / max (ms)"
                + " | commit's worst wait beyond idle | strongest lock on the site's tables |");
        lines.add("|---|---|---|---|---|---|---|");
        for (JobRun run : runs) {
            double[] reads = stats(samples, "read", run);
            double[] searches = stats(samples, "search", run);
            double[] commits = stats(samples, "commit", run);
            boolean isIdle = run == idle;
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", run.name(),
                    isIdle ? "-" : String.format(Locale.ROOT, "%.1f s", (run.endNanos() - run.startNanos()) / 1e9),
                    cell(reads, idleStats.get("read"), isIdle), cell(searches, idleStats.get("search"), isIdle),
                    cell(commits, idleStats.get("commit"), isIdle),
                    isIdle ? "-" : String.format(Locale.ROOT, "%.0f ms", commits[2] - idleStats.get("commit")[0]),
                    isIdle ? "-" : run.strongestLock().isEmpty() ? "none" : run.strongestLock()));
        }
        lines.forEach(System.out::println);
        return lines;
    }

    /** p50, p99, max of a kind's latencies (ms) for requests due while the run ran; failures counted in the 4th slot. */
    private static double[] stats(List<Sample> samples, String kind, JobRun run) {
        List<Double> ms = new ArrayList<>();
        int failed = 0;
        for (Sample s : samples) {
            if (s.kind().equals(kind) && s.dueNanos() >= run.startNanos() && s.dueNanos() < run.endNanos()) {
                ms.add(s.nanos() / 1e6);
                failed += s.failed() ? 1 : 0;
            }
        }
        if (ms.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        ms.sort(null);
        return new double[] {ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)),
            ms.get(ms.size() - 1), failed};
    }

    private static String cell(double[] during, double[] idle, boolean isIdle) {
        String s = String.format(Locale.ROOT, "%.1f / %.1f / %.0f", during[0], during[1], during[2]);
        if (!isIdle) {
            s += String.format(Locale.ROOT, " (p99 %.1fx)", during[1] / idle[1]);
        }
        return during[3] > 0 ? s + String.format(Locale.ROOT, ", %.0f failed", during[3]) : s;
    }
}
