package nightshift.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunResult;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;

/**
 * 8, in a child JVM started with a small heap: creates N documents in 100 folders under {@code /memory} (commits of
 * 100,000), then resets the heap pools' peaks and runs a full reindex of {@code /memory} through the JobRunner (a
 * fresh store, so a cold cache), and prints one line: {@code finished=true seconds=S peakHeapMB=P maxHeapMB=M}.
 * Args: URL USER PASSWORD_FILE N
 */
public final class MemoryChild {
    private static final int COMMIT_EVERY = 100_000;

    private MemoryChild() {
    }

    public static void main(String[] args) throws Exception {
        StoreConfig config = StoreConfig.builder(args[0]).user(args[1]).passwordFile(Path.of(args[2])).build();
        int n = Integer.parseInt(args[3]);
        int perFolder = Math.max(1, n / 100);
        long t0 = System.nanoTime();
        try (Store store = Store.open(config)) {
            for (int from = 0; from < n; from += COMMIT_EVERY) {
                try (Session s = store.openSession("admin")) {
                    Node root = s.exists("/memory") ? s.get("/memory") : s.create(s.root(), "memory", Folder.titled("memory"));
                    Node folder = null;
                    for (int i = from; i < Math.min(n, from + COMMIT_EVERY); i++) {
                        if (folder == null || i % perFolder == 0) {
                            String name = String.format(Locale.ROOT, "f%03d", i / perFolder);
                            folder = s.exists("/memory/" + name) ? s.get("/memory/" + name) : s.create(root, name, Folder.titled(name));
                        }
                        s.create(folder, String.format(Locale.ROOT, "doc-%07d", i), Rows.document(i));
                    }
                    s.commit(TxInfo.of("bench memory: create"));
                }
            }
        }
        System.out.printf(Locale.ROOT, "created=%d createSeconds=%.1f%n", n, Bench.seconds(System.nanoTime() - t0));
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t1 = System.nanoTime();
        try (Store store = Store.open(config)) {
            JobCatalog jobs = JobCatalog.load(MemoryChild.class.getClassLoader());
            RunResult r = JobRunner.create(store).runOnCallerThread(true).build().run(JobParameters.request(jobs.find("reindex"), "admin", "--path", "/memory"));
            Bench.check(r.succeeded(), r.describe() + (r.error() == null ? "" : ": " + r.error()));
        }
        double seconds = Bench.seconds(System.nanoTime() - t1);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "finished=true seconds=%.1f peakHeapMB=%d maxHeapMB=%d%n", seconds, peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
