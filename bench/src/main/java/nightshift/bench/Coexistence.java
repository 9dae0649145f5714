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
    private static final int LIVE_FOLDERS = LiveSite.FOLDERS;
    private static final int LIVE_DOCS = LiveSite.DOCS;
    private static final long IDLE_SECONDS = 15;
    private static final long WARM_UP_SECONDS = 15;
    /** The application name of the jobs' connections, by which the lock sampler knows them. */
    private static final String JOBS = "nightshift-bench-job";
    private static final List<String> LIVE_TABLES = List.of("ns_object", "ns_catalog", "ns_catalog_state", "ns_principal",
            "ns_principal_role", "ns_group_member", "ns_local_role", "ns_node_permission", "ns_node_security", "ns_tx");
    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
    private static final String[] WORDS = LiveSite.WORDS;

    private final Bench.Target target;
    private final String prefix;
    private final List<Integer> sizes;
    private final java.time.Duration pace;

    /** @param pace the jobs' store's pacing budget, null for none */
    Coexistence(Bench.Target target, String prefix, List<Integer> sizes, java.time.Duration pace) {
        this.target = target;
        this.prefix = prefix;
        this.sizes = sizes;
        this.pace = pace;
    }

    /** One request of the live load: what it was, when it was due (epoch ms), how long it took from then. */
    private record Sample(String kind, long dueMillis, long nanos, boolean failed) {
    }

    /** A job run under the live load, from and to (epoch ms). */
    private record JobRun(String name, long startMillis, long endMillis, String strongestLock, String outcome) {
    }

    /** What the live site's active backends were waiting for, sampled (epoch ms, wait event or "CPU"). */
    private record Wait(long atMillis, String event) {
    }

    List<String> run() throws Exception {
        StoreConfig base = target.config();
        StoreConfig jobsConfig = StoreConfig.builder(base.url()).user(base.user()).passwordFile(target.passwordFile())
                .applicationName(JOBS).pace(pace).build();
        List<JobRun> runs = new ArrayList<>();
        List<Wait> waits = Collections.synchronizedList(new ArrayList<>());
        Path samplesFile = Files.createTempFile("nightshift-live-site", ".samples");
        try (Store jobs = Store.open(jobsConfig)) {
            JobRunner runner = JobRunner.create(jobs).runOnCallerThread(true).build();
            JobCatalog catalog = JobCatalog.load(Coexistence.class.getClassLoader());
            String site = "/" + prefix + "-live";
            setUpSite(runner, catalog, jobs, site);
            Process live = startLiveSite(site, samplesFile);
            AtomicInteger sampling = new AtomicInteger(1);
            Thread waitSampler = new Thread(() -> sampleWaits(waits, sampling), "bench-wait-sampler");
            waitSampler.setDaemon(true);
            waitSampler.start();
            try {
                TimeUnit.SECONDS.sleep(WARM_UP_SECONDS); // the site's JVM compiles and its pool fills first, as a running site's has
                long idleStart = System.currentTimeMillis();
                TimeUnit.SECONDS.sleep(IDLE_SECONDS);
                runs.add(new JobRun("idle", idleStart, System.currentTimeMillis(), "", ""));
                for (int n : sizes) {
                    runJobs(runner, catalog, jobs, n, runs);
                }
            } finally {
                sampling.set(0);
                live.getOutputStream().close();
                Bench.check(live.waitFor(2, TimeUnit.MINUTES), "the live site did not stop");
                waitSampler.join();
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(samplesFile)) {
            String[] f = line.split(" ");
            samples.add(new Sample(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3])));
        }
        Files.delete(samplesFile);
        return report(runs, samples, waits);
    }

    private Process startLiveSite(String site, Path samplesFile) throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaCommand, "-Xmx512m", "-cp", System.getProperty("java.class.path"), LiveSite.class.getName(),
                target.url(), target.user(), target.passwordFile().toString(), site, samplesFile.toString())
                .redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("LIVE")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException e) {
                        // the site stopped
                    }
                }, "bench-live-site-output");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            System.out.println("  live site: " + line);
        }
        throw new IllegalStateException("the live site did not start");
    }

    /** Every 20 ms, what each of the live site's active backends waits for (CPU when it waits for nothing). */
    private void sampleWaits(List<Wait> waits, AtomicInteger running) {
        try (Connection c = java.sql.DriverManager.getConnection(target.url(), target.user(), target.config().password());
                Statement st = c.createStatement()) {
            while (running.get() == 1) {
                long now = System.currentTimeMillis();
                try (ResultSet rs = st.executeQuery("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU')"
                        + " FROM pg_stat_activity WHERE application_name = '" + LiveSite.APPLICATION + "' AND state = 'active'")) {
                    while (rs.next()) {
                        waits.add(new Wait(now, rs.getString(1)));
                    }
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            waits.add(new Wait(System.currentTimeMillis(), "(sampler failed: " + e.getMessage() + ")"));
        }
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
        long start = System.currentTimeMillis();
        String outcome = "ok";
        try {
            body.run();
        } catch (RuntimeException e) {
            outcome = "failed: " + e.getMessage();
        } finally {
            running.set(0);
            sampler.join();
        }
        long end = System.currentTimeMillis();
        runs.add(new JobRun(name, start, end, strongest.get(), outcome));
        System.out.printf(Locale.ROOT, "  coexistence %-28s %8.1f s  strongest lock on the site's tables: %s%s%n", name,
                (end - start) / 1e3, strongest.get().isEmpty() ? "none" : strongest.get(), outcome.equals("ok") ? "" : "  " + outcome);
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

    // ---- the table

    private static List<String> report(List<JobRun> runs, List<Sample> samples, List<Wait> waits) {
        JobRun idle = runs.get(0);
        Map<String, double[]> idleStats = new LinkedHashMap<>();
        for (String kind : List.of("read", "search", "commit", "jdbc-commit")) {
            idleStats.put(kind, stats(samples, kind, idle));
        }
        List<String> lines = new ArrayList<>();
        lines.add("| job | took | reads p50 / p99 / max (ms) | searches p50 / p99 / max (ms) | commits p50 / p99 / max (ms)"
                + " | commit's worst wait beyond idle | plain JDBC commits p50 / p99 / max (ms) | strongest lock on the site's tables"
                + " | what the site's backends waited for |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (JobRun run : runs) {
            double[] reads = stats(samples, "read", run);
            double[] searches = stats(samples, "search", run);
            double[] commits = stats(samples, "commit", run);
            double[] floor = stats(samples, "jdbc-commit", run);
            boolean isIdle = run == idle;
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", run.name(),
                    isIdle ? "-" : String.format(Locale.ROOT, "%.1f s", (run.endMillis() - run.startMillis()) / 1e3),
                    cell(reads, idleStats.get("read"), isIdle), cell(searches, idleStats.get("search"), isIdle),
                    cell(commits, idleStats.get("commit"), isIdle),
                    isIdle ? "-" : String.format(Locale.ROOT, "%.0f ms", commits[2] - idleStats.get("commit")[0]),
                    cell(floor, idleStats.get("jdbc-commit"), isIdle),
                    isIdle ? "-" : run.strongestLock().isEmpty() ? "none" : run.strongestLock(), waitedFor(waits, run)));
        }
        lines.forEach(System.out::println);
        return lines;
    }

    /** p50, p99, max of a kind's latencies (ms) for requests due while the run ran; failures counted in the 4th slot. */
    private static double[] stats(List<Sample> samples, String kind, JobRun run) {
        List<Double> ms = new ArrayList<>();
        int failed = 0;
        for (Sample s : samples) {
            if (s.kind().equals(kind) && s.dueMillis() >= run.startMillis() && s.dueMillis() < run.endMillis()) {
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

    /** The three commonest things the site's active backends were seen waiting for while the run ran, with their shares. */
    private static String waitedFor(List<Wait> waits, JobRun run) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        int total = 0;
        synchronized (waits) {
            for (Wait w : waits) {
                if (w.atMillis() >= run.startMillis() && w.atMillis() < run.endMillis()) {
                    counts.merge(w.event(), 1, Integer::sum);
                    total++;
                }
            }
        }
        if (total == 0) {
            return "-";
        }
        int all = total;
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / all))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String cell(double[] during, double[] idle, boolean isIdle) {
        String s = String.format(Locale.ROOT, "%.1f / %.1f / %.0f", during[0], during[1], during[2]);
        if (!isIdle) {
            s += String.format(Locale.ROOT, " (p99 %.1fx)", during[1] / idle[1]);
        }
        return during[3] > 0 ? s + String.format(Locale.ROOT, ", %.0f failed", during[3]) : s;
    }
}
