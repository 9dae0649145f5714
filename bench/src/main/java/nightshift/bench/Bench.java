package nightshift.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.EmbeddedStoreServer;
import nightshift.store.Store;
import nightshift.store.StoreConfig;

/**
 * The benchmark harness. Starts the embedded PostgreSQL under {@code bench/target/bench-store} (stopped at
 * the end) unless {@code --store} is given, runs each workload after a warm-up ({@link Rounds}) for several rounds against its
 * plain-JDBC baseline on the same database, prints a table and, on its last line, one JSON object.
 *
 * <p>Args: {@code [--n 100000] [--rounds 3] [--store URL --store-user U --store-password-file F] [--latency-ms 1]}
 * ({@code --latency-ms}: every workload and its baseline go through a {@link LatencyProxy} adding that much each way).
 */
public final class Bench {
    static final String[] ALL = {"create-one-job", "create-many-jobs", "reindex-full", "reindex-incremental", "read-walk",
        "export-static", "cold-start", "memory", "conflict-storm", "coexistence"};

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int rounds = 3;
        int memoryN = 1_000_000;
        String url = null;
        String user = null;
        Path passwordFile = null;
        java.util.Set<String> only = java.util.Set.of(ALL);
        double latencyMs = 0;
        List<Integer> coexistenceN = null;
        java.time.Duration pace = nightshift.store.StoreConfig.DEFAULT_PACE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--memory-n" -> memoryN = Integer.parseInt(args[++i]);
                case "--only" -> only = java.util.Set.of(args[++i].split(","));
                case "--store" -> url = args[++i];
                case "--store-user" -> user = args[++i];
                case "--store-password-file" -> passwordFile = Path.of(args[++i]);
                case "--latency-ms" -> latencyMs = Double.parseDouble(args[++i]);
                case "--coexistence-n" -> coexistenceN = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--coexistence-pace" -> pace = args[++i].equals("off") ? null
                        : java.time.Duration.ofMillis(Long.parseLong(args[i].replaceFirst("ms$", "")));
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; usage: bench/run [--n 100000] [--rounds 3] [--memory-n 1000000] [--only w1,w2]"
                            + " [--store URL --store-user USER --store-password-file FILE] [--latency-ms 1] [--coexistence-n 100000,1000000]"
                            + " [--coexistence-pace 50ms|off]");
                    System.exit(2);
                }
            }
        }
        if (rounds < 1) {
            System.err.println("--rounds " + rounds + ": give at least 1 measured round (the warm-up rounds come on top)");
            System.exit(2);
        }
        EmbeddedStoreServer server = null;
        if (url == null) {
            server = EmbeddedStoreServer.at(Path.of("bench", "target", "bench-store").toAbsolutePath());
            EmbeddedStoreServer.Endpoint ep = server.attachOrStart();
            user = ep.user();
            passwordFile = ep.passwordFile();
            try (Connection c = DriverManager.getConnection(ep.jdbcUrl(EmbeddedStoreServer.DEFAULT_DATABASE), user, ep.readPassword());
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS bench");
            }
            server.ensureDatabase("bench");
            url = ep.jdbcUrl("bench");
        } else if (user == null || passwordFile == null) {
            System.err.println("--store needs --store-user and --store-password-file");
            System.exit(2);
        }
        LatencyProxy proxy = latencyMs > 0 ? new LatencyProxy(url, latencyMs) : null;
        try {
            run(new Target(proxy == null ? url : proxy.url(), user, passwordFile), n, rounds, memoryN, only, latencyMs,
                    coexistenceN == null ? List.of(n) : coexistenceN, pace);
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (server != null) {
                server.stop();
            }
        }
    }

    /** Where the workloads run: the JDBC URL, user and password file (the cold-start child gets them too). */
    record Target(String url, String user, Path passwordFile) {
        StoreConfig config() {
            return StoreConfig.builder(url).user(user).passwordFile(passwordFile).build();
        }
    }

    private static void run(Target target, int n, int rounds, int memoryN, java.util.Set<String> only, double latencyMs,
            List<Integer> coexistenceN, java.time.Duration pace) throws Exception {
        StoreConfig config = target.config();
        Store.migrate(config);
        String prefix = "bench-" + System.currentTimeMillis();
        List<Measurement> results = new ArrayList<>();
        try (Store store = Store.open(config)) {
            PrincipalDirectory dir = PrincipalDirectory.of(store);
            addUser(dir, "contributor", Role.CONTRIBUTOR);
            addUser(dir, "editor", Role.EDITOR);
            addUser(dir, "admin", Role.MANAGER);
            try (Connection c = store.dataSource().getConnection()) {
                Rows.recreateTable(c);
                CatalogRows.recreateTable(c);
            }
            Workloads w = new Workloads(store, prefix, n, rounds);
            System.out.printf(Locale.ROOT, "nightshift bench: N=%,d, %d rounds after warm-up rounds (until the JIT compiles"
                    + " for at most %.0f%% of one, at most %d), store %s%s%n", n, rounds, Rounds.SETTLED * 100, Rounds.MAX_WARMUPS,
                    config.maskedUrl(), latencyMs > 0 ? ", through a proxy adding " + latencyMs + " ms each way" : "");
            boolean needsFolder = only.contains("read-walk") || only.contains("reindex-full") || only.contains("reindex-incremental")
                    || only.contains("export-static");
            if (only.contains("create-one-job") || needsFolder) {
                Measurement m = w.createOneJob();
                if (only.contains("create-one-job")) {
                    results.add(m);
                }
            }
            if (only.contains("read-walk")) {
                results.add(w.readWalk());
            }
            if (only.contains("reindex-full") || only.contains("reindex-incremental")) {
                for (Measurement m : w.reindex()) {
                    if (only.contains(m.workload())) {
                        results.add(m);
                    }
                }
            }
            if (only.contains("export-static")) {
                results.add(w.exportStatic());
            }
            if (only.contains("create-many-jobs")) {
                results.add(w.createManyJobs());
            }
            if (only.contains("cold-start")) {
                results.add(ColdStart.measure(target, rounds));
            }
        }
        if (only.contains("conflict-storm")) {
            // Its own store with the default pool (8 starved 4 concurrent runs; the default is now 16).
            try (Store store = Store.open(config)) {
                results.add(new ConflictStorm(store, prefix, rounds).run());
            }
        }
        if (only.contains("memory")) {
            results.add(Memory.measure(target, memoryN));
        }
        Report.print(results, n, rounds, latencyMs);
        if (only.contains("coexistence")) {
            System.out.println();
            System.out.println("coexistence: the live site's latencies while each job runs (idle first), sizes " + coexistenceN
                    + ", the jobs' pace " + (pace == null ? "off" : pace.toMillis() + " ms"));
            new Coexistence(target, prefix, coexistenceN, pace).run();
        }
    }

    private static void addUser(PrincipalDirectory dir, String id, Role role) {
        if (dir.find(id).isEmpty()) {
            dir.addUser(id, id);
        }
        dir.grant(id, role);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
