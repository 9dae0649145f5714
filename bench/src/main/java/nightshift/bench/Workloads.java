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
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/** The in-process workloads, each measured through {@link JobRunner} and against its plain-JDBC baseline. */
final class Workloads {
    private final Store store;
    private final String prefix;
    private final int n;
    private final int rounds;
    private final JobRunner runner;
    private final List<Document> docs;
    private final List<byte[]> states;
    private String lastOneJobFolder;

    Workloads(Store store, String prefix, int n, int rounds) {
        this.store = store;
        this.prefix = prefix;
        this.n = n;
        this.rounds = rounds;
        // as `nightshift run` builds it: a run without a timeout runs on the calling thread
        this.runner = JobRunner.create(store).runOnCallerThread(true).build();
        this.docs = Rows.documents(n);
        this.states = Rows.encodeAll(docs);
    }

    /** 1: one job creating N documents in one folder, as a Contributor, one commit; baseline: one transaction. */
    Measurement createOneJob() throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        String bestMethod = "";
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            String folder = folder("one-r" + r.index());
            long t0 = System.nanoTime();
            run(RunRequest.of("bench-create-one", () -> createJob(folder, 0, n), "contributor"));
            double ns = n / Bench.seconds(System.nanoTime() - t0);
            String[] method = new String[1];
            double bs = bestInsert(n, method);
            log("create-one-job", r, ns, bs, "docs/s", method[0]);
            if (r.measuring()) {
                ours.add(ns);
                base.add(bs);
                bestMethod = method[0];
            }
            lastOneJobFolder = folder;
        }
        return Measurement.paired("create-one-job", "docs/s", ours, base, true, 0.6,
                "baseline: " + bestMethod + ", one tx");
    }

    /** 2: N/100 jobs of 100 creates each, each its own transaction; baseline: N/100 transactions of 100 rows. */
    Measurement createManyJobs() throws Exception {
        int per = 100;
        int jobs = Math.max(1, n / per);
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        String bestMethod = "";
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            String folder = folder("many-r" + r.index());
            long t0 = System.nanoTime();
            for (int j = 0; j < jobs; j++) {
                int from = j * per;
                run(RunRequest.of("bench-create-many", () -> createJob(folder, from, from + per), "contributor"));
            }
            double ns = jobs * per / Bench.seconds(System.nanoTime() - t0);
            String[] method = new String[1];
            double bs = bestInsertPerTx(jobs * per, per, method);
            log("create-many-jobs", r, ns, bs, "docs/s", method[0]);
            if (r.measuring()) {
                ours.add(ns);
                base.add(bs);
                bestMethod = method[0];
            }
        }
        return Measurement.paired("create-many-jobs", "docs/s", ours, base, true, 0.5,
                "baseline: " + bestMethod + ", tx of 100");
    }

    /** 5: a job visiting every node under the folder create-one-job filled and reading each title; baseline: stream and decode the same rows. */
    Measurement readWalk() throws Exception {
        Bench.check(lastOneJobFolder != null, "read-walk needs create-one-job's folder");
        String plan;
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            Rows.load(c, states, n);
            // Both sides read tables just filled by bulk writes, which autovacuum then visits, during the first
            // rounds and on the same two cores (a round was then 3x slower than the next): read them vacuumed,
            // as a maintained site's tables are.
            st.execute("VACUUM (ANALYZE) ns_object, " + Rows.TABLE);
            plan = Rows.readPlan(c);
        }
        String path = lastOneJobFolder;
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            AtomicLong visited = new AtomicLong();
            long t0 = System.nanoTime();
            run(RunRequest.of("bench-read-walk", () -> ctx -> visited.set(walk(ctx.session(), ctx.session().get(path))), "admin"));
            double ns = visited.get() / Bench.seconds(System.nanoTime() - t0);
            Bench.check(visited.get() == n, "read-walk visited " + visited.get() + " documents, expected " + n);
            long t1 = System.nanoTime();
            long read;
            try (Connection c = store.dataSource().getConnection()) {
                read = Rows.readAll(c);
            }
            double bs = read / Bench.seconds(System.nanoTime() - t1);
            Bench.check(read == n, "baseline read " + read + " rows, expected " + n);
            log("read-walk", r, ns, bs, "nodes/s", plan);
            if (r.measuring()) {
                ours.add(ns);
                base.add(bs);
            }
        }
        return Measurement.paired("read-walk", "nodes/s", ours, base, true, 0.6,
                "baseline: SELECT ... ORDER BY name (the store lists by name too; " + plan + "), fetch 1000, Kryo decode");
    }

    /**
     * 3 and 4: a full reindex of the folder create-one-job filled (N documents and the folder), through the reindex job
     * as a Manager, into an empty catalog, on a freshly opened store (cold client cache); then 1% of the documents
     * changed and an incremental reindex. Baselines: {@link CatalogRows} on the same rows copied into
     * {@link Rows#TABLE}.
     */
    List<Measurement> reindex() throws Exception {
        Bench.check(lastOneJobFolder != null, "reindex needs create-one-job's folder");
        String path = lastOneJobFolder;
        try (Connection c = store.dataSource().getConnection()) {
            Rows.load(c, states, n);
            CatalogRows.recreateTable(c);
        }
        JobCatalog jobs = JobCatalog.load(Workloads.class.getClassLoader());
        int changed = Math.max(1, n / 100);
        List<Double> fullOurs = new ArrayList<>();
        List<Double> fullBase = new ArrayList<>();
        List<Double> incOurs = new ArrayList<>();
        List<Double> incBase = new ArrayList<>();
        String fullMethod = "";
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            sql("TRUNCATE ns_catalog, ns_catalog_state");
            double ns;
            try (Store cold = Store.open(store.config())) {
                JobRunner coldRunner = JobRunner.create(cold).runOnCallerThread(true).build();
                long t0 = System.nanoTime();
                run(coldRunner, JobParameters.request(jobs.find("reindex"), "admin", "--path", path));
                ns = (n + 1) / Bench.seconds(System.nanoTime() - t0);
            }
            Bench.check(count("SELECT count(*) FROM ns_catalog") == n + 1, "reindex-full left " + count("SELECT count(*) FROM ns_catalog")
                    + " catalog rows, expected " + (n + 1));
            double[] variants = new double[2];
            try (Connection reader = store.dataSource().getConnection(); Connection writer = store.dataSource().getConnection()) {
                for (int v = 0; v < 2; v++) {
                    long t1 = System.nanoTime();
                    try {
                        long rows = CatalogRows.full(reader, writer, path, v == 0);
                        variants[v] = rows / Bench.seconds(System.nanoTime() - t1);
                        Bench.check(rows == n, "baseline indexed " + rows + " rows, expected " + n);
                    } catch (CatalogRows.ClientDeclined e) {
                        variants[v] = 0; // the documents' text is outside what the client builds exactly: the server builds it
                    }
                }

            }
            String method = variants[0] >= variants[1] ? "client tsvector" : variants[0] == 0 ? "server to_tsvector (the client declines this text)" : "server to_tsvector";
            double bs = Math.max(variants[0], variants[1]);
            log("reindex-full", r, ns, bs, "docs/s", String.format(Locale.ROOT, "baseline: %s (client %,.0f, server %,.0f)",
                    method, variants[0], variants[1]));

            try (Session s = store.openSession("admin")) {
                for (int i = 0, k = 0; k < changed && i < n; i += Math.max(1, n / changed), k++) {
                    Node d = s.get(path + "/doc-" + i);
                    Document doc = d.object(Document.class);
                    s.update(d.withObject(doc.withBody("changed in round " + r.index() + " " + doc.body())));
                }
                s.commit(TxInfo.of("bench: change 1%"));
            }
            long t2 = System.nanoTime();
            run(runner, JobParameters.request(jobs.find("reindex"), "admin", "--path", path, "--incremental"));
            double is = changed / Bench.seconds(System.nanoTime() - t2);
            long tid = 1_000_000_000L + r.index();
            try (Connection c = store.dataSource().getConnection()) {
                CatalogRows.touch(c, docs, changed, tid);
            }
            long baseRows;
            long t3 = System.nanoTime();
            try (Connection reader = store.dataSource().getConnection(); Connection writer = store.dataSource().getConnection()) {
                baseRows = CatalogRows.incremental(reader, writer, path, tid - 1, variants[0] > 0);
            }
            double ib = baseRows / Bench.seconds(System.nanoTime() - t3);
            Bench.check(baseRows == changed, "baseline re-indexed " + baseRows + " rows, expected " + changed);
            log("reindex-incremental", r, is, ib, "docs/s", changed + " changed");
            if (r.measuring()) {
                fullOurs.add(ns);
                fullBase.add(bs);
                incOurs.add(is);
                incBase.add(ib);
                fullMethod = method;
            }
        }
        return List.of(
                Measurement.paired("reindex-full", "docs/s", fullOurs, fullBase, true, 0.5,
                        "empty catalog, cold cache; baseline: " + fullMethod + ", COPY, indexes built after the load, one tx"),
                Measurement.paired("reindex-incremental", "docs/s", incOurs, incBase, true, Double.NaN,
                        "after " + changed + " of " + n + " changed; baseline: rows after a tid (BRIN), COPY to a temp table, upsert"));
    }

    /**
     * 6: the export-static job (as a Manager) over the folder create-one-job filled: N document pages, the folder's
     * page and a sitemap; pages/s. Baseline: {@link ExportRows}.
     */
    Measurement exportStatic() throws Exception {
        Bench.check(lastOneJobFolder != null, "export-static needs create-one-job's folder");
        try (Connection c = store.dataSource().getConnection()) {
            Rows.load(c, states, n);
        }
        JobCatalog jobs = JobCatalog.load(Workloads.class.getClassLoader());
        java.nio.file.Path dir = java.nio.file.Path.of("bench", "target", "export").toAbsolutePath();
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        // Every round writes into directories of its own, all deleted after the last round. Deleting a round's
        // files before the next one made both sides of the next rounds create their files far more slowly: ext4 looks for a free inode past the recently deleted ones (recently_deleted() and the
        // inode table's blocks were the top of a kernel profile of the measured rounds).
        ExportRows.delete(dir);
        for (Rounds r = new Rounds(rounds); r.next(); ) {
            java.nio.file.Path round = dir.resolve("round-" + r.index());
            java.nio.file.Files.createDirectories(round);
            java.nio.file.Path site = round.resolve("site");
            long t0 = System.nanoTime();
            run(runner, JobParameters.request(jobs.find("export-static"), "admin", "--path", lastOneJobFolder, "--out", site.toString()));
            double ns = (n + 1) / Bench.seconds(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            long pages;
            try (Connection c = store.dataSource().getConnection()) {
                pages = ExportRows.export(c, round.resolve("plain"), "contributor");
            }
            double bs = pages / Bench.seconds(System.nanoTime() - t1);
            Bench.check(pages == n + 1, "baseline wrote " + pages + " pages, expected " + (n + 1));
            log("export-static", r, ns, bs, "pages/s", "");
            if (r.measuring()) {
                ours.add(ns);
                base.add(bs);
            }
        }
        ExportRows.delete(dir);
        return Measurement.paired("export-static", "pages/s", ours, base, true, Double.NaN,
                "one folder of N documents; baseline: SELECT + Kryo + same Mustache templates + file writes");
    }

    private void sql(String statement) throws Exception {
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private long count(String query) throws Exception {
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long walk(Session s, Node node) {
        long docs = 0;
        List<Node> folders = new ArrayList<>();
        try (Stream<Node> children = s.children(node)) {
            for (Node child : (Iterable<Node>) children::iterator) {
                if (child.is(Document.class)) {
                    docs += child.object(Document.class).title().isEmpty() ? 0 : 1;
                } else if (child.is(Folder.class)) {
                    folders.add(child);
                }
            }
        }
        for (Node f : folders) {
            docs += walk(s, f);
        }
        return docs;
    }

    private Job createJob(String folder, int from, int to) {
        return (JobContext ctx) -> {
            Session s = ctx.session();
            Node f = s.exists(folder) ? s.get(folder) : s.create(s.root(), folder.substring(1), Folder.titled(folder));
            for (int i = from; i < to; i++) {
                s.create(f, "doc-" + i, docs.get(i));
            }
        };
    }

    private double bestInsert(int rows, String[] method) throws Exception {
        return bestInsertPerTx(rows, rows, method);
    }

    /** The faster of batched INSERT and binary COPY for the same rows, {@code perTx} to a transaction. */
    private double bestInsertPerTx(int rows, int perTx, String[] method) throws Exception {
        List<byte[]> slice = states.subList(0, rows);
        try (Connection c = store.dataSource().getConnection()) {
            Rows.truncate(c);
            long t0 = System.nanoTime();
            Rows.insertBatched(c, slice, perTx);
            double batched = rows / Bench.seconds(System.nanoTime() - t0);
            Rows.truncate(c);
            long t1 = System.nanoTime();
            Rows.insertCopy(c, slice, perTx);
            double copy = rows / Bench.seconds(System.nanoTime() - t1);
            method[0] = copy > batched ? "COPY" : "batched INSERT";
            return Math.max(batched, copy);
        }
    }

    private void run(RunRequest request) {
        run(runner, request);
    }

    private static void run(JobRunner on, RunRequest request) {
        RunResult r = on.run(request);
        Bench.check(r.succeeded(), r.describe() + (r.error() == null ? "" : ": " + r.error()));
    }

    private String folder(String name) {
        return "/" + prefix + "-" + name;
    }

    static void log(String workload, int round, double ours, double base, String unit, String note) {
        log(workload, round == 0 ? "warm-up" : "round " + round, ours, base, unit, note);
    }

    static void log(String workload, Rounds round, double ours, double base, String unit, String note) {
        log(workload, round.label(), ours, base, unit, note);
    }

    private static void log(String workload, String round, double ours, double base, String unit, String note) {
        System.out.printf(Locale.ROOT, "  %-18s %-16s %,12.0f %s  baseline %,12.0f  ratio %.2f  %s%n", workload, round, ours,
                unit, base, ours / base, note);
    }
}
