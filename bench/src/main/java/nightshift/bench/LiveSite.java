package nightshift.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nightshift.store.ConflictException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Query;
import nightshift.store.content.Document;

/**
 * The live site, in a process of its own as a site's would be (a job's garbage collection or CPU in the harness must
 * not count as the site's latency): requests at fixed rates, each on a worker of its kind, a late one counted from
 * when it was due. Writes one line per request to a file, {@code kind epochMillisDue nanos failed}, until its standard
 * input closes. Args: url user passwordFile site samplesFile
 */
public final class LiveSite {
    static final int READS_PER_SECOND = 40;
    static final int SEARCHES_PER_SECOND = 10;
    static final int COMMITS_PER_SECOND = 10;
    static final int FOLDERS = 20;
    static final int DOCS = 100;
    static final String APPLICATION = "nightshift-bench-live-site";
    static final String[] WORDS = {"alpha", "river", "garden", "night", "market", "winter", "station", "harbour"};

    private final Store store;
    private final String site;
    private final Catalog catalog;
    private final PrintWriter out;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, ExecutorService> workers = new LinkedHashMap<>();
    private final Random random = new Random(11);
    private final AtomicInteger created = new AtomicInteger();

    private LiveSite(Store store, String site, PrintWriter out) {
        this.store = store;
        this.site = site;
        this.catalog = Catalog.of(store);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        StoreConfig config = StoreConfig.builder(args[0]).user(args[1]).passwordFile(Path.of(args[2]))
                .applicationName(APPLICATION).poolSize(14).build();
        try (Store store = Store.open(config);
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8))) {
            LiveSite live = new LiveSite(store, args[3], out);
            try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS bench_live_floor (at timestamptz)");
            }
            live.every(READS_PER_SECOND, "read", live::read);
            live.every(SEARCHES_PER_SECOND, "search", live::search);
            live.every(COMMITS_PER_SECOND, "commit", live::commit);
            live.every(COMMITS_PER_SECOND, "jdbc-commit", live::jdbcCommit);
            System.out.println("LIVE");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the harness closes our standard input
            }
            live.clock.shutdownNow();
            for (ExecutorService pool : live.workers.values()) {
                pool.shutdown();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
    }

    private void every(int perSecond, String kind, Runnable request) {
        long period = 1_000_000_000L / perSecond;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        workers.put(kind, pool);
        clock.scheduleAtFixedRate(() -> {
            long due = System.nanoTime();
            long dueMillis = System.currentTimeMillis();
            pool.execute(() -> {
                boolean failed = false;
                try {
                    request.run();
                } catch (RuntimeException e) {
                    failed = true;
                }
                long nanos = System.nanoTime() - due;
                synchronized (out) {
                    out.println(kind + " " + dueMillis + " " + nanos + " " + failed);
                }
            });
        }, period, period, TimeUnit.NANOSECONDS);
    }

    private synchronized int next(int bound) {
        return random.nextInt(bound);
    }

    private void read() {
        try (Session s = store.openSession("reader")) {
            String folder = site + "/section-" + next(FOLDERS);
            if (next(2) == 0) {
                s.get(folder + "/page-" + next(DOCS)).object(Document.class).title();
            } else {
                s.children(s.get(folder), Page.first(50)).nodes().forEach(Node::object);
            }
        }
    }

    /**
     * The floor: a one-row insert in a transaction of its own, in plain JDBC on the same server, which no nightshift
     * lock can hold up: what the server's own commit (its WAL flush, its CPU) costs under the job's load.
     */
    private void jdbcCommit() {
        try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bench_live_floor (at) VALUES (clock_timestamp())");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void search() {
        catalog.search(Query.builder().path(site).text(WORDS[next(WORDS.length)]).limit(20).build());
    }

    private void commit() {
        try (Session s = store.openSession("editor")) {
            String folder = site + "/section-" + next(FOLDERS);
            if (next(4) == 0) {
                s.create(s.get(folder), "new-" + ProcessHandle.current().pid() + "-" + created.incrementAndGet(),
                        Document.of("new page", "saved by the site"));
            } else {
                Node page = s.get(folder + "/page-" + next(DOCS));
                s.update(page.withObject(page.object(Document.class).withBody("edited " + System.nanoTime())));
            }
            s.commit(TxInfo.of("editor"));
        } catch (ConflictException e) {
            // two of the site's own saves of one page; not what is measured here
        }
    }
}
