package nightshift.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.TestServer;

/**
 * Child process of {@link ArchiveMemoryTest}: N documents (about 400 bytes of body) in 100 folders, each written R
 * times (R revisions), exported by the {@code export} job, imported by {@code import} into a second, empty
 * database, and exported again; the two archives must be identical. Prints each step and the peak heap; exits 1 on
 * a failed run or a difference. Args: [N] [R].
 */
public final class ArchiveRoundTripMain {
    private static final int FOLDERS = 100;

    private ArchiveRoundTripMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int revisions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        roundTrip(TestServer.get().newDatabase("archivebench").build(),
                TestServer.get().newDatabase("archivebench-import").build(), n, revisions);
        System.exit(0);
    }

    /**
     * The work, in two empty databases: prints each step and the peak heap, exits the JVM with 1 on a failed run or
     * a difference. Bench's {@code ArchiveBenchmark} runs it on the harness's server.
     */
    public static void roundTrip(StoreConfig from, StoreConfig to, int n, int revisions) throws Exception {
        Store.migrate(from);
        Store.migrate(to);
        Path dir = Files.createTempDirectory("nightshift-archive-bench");
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        JobCatalog jobs = JobCatalog.load(ArchiveRoundTripMain.class.getClassLoader());
        try (Store source = Store.open(from); Store target = Store.open(to)) {
            long t0 = System.nanoTime();
            populate(source, n, revisions);
            System.out.printf("created %d documents with %d revisions each in %.1f s%n", n, revisions, seconds(t0));
            long nodes = n + FOLDERS + 1;

            t0 = System.nanoTime();
            run(source, jobs, "export", "--path", "/bench", "--out", first.toString());
            double s = seconds(t0);
            System.out.printf("export %d nodes in %.1f s (%.0f nodes/s), %d MB%n", nodes, s, nodes / s, Files.size(first) >> 20);

            t0 = System.nanoTime();
            run(target, jobs, "import", "--in", first.toString(), "--into", "/bench");
            s = seconds(t0);
            System.out.printf("import %d nodes in %.1f s (%.0f nodes/s)%n", nodes, s, nodes / s);

            run(target, jobs, "export", "--path", "/bench", "--out", second.toString());
            long mismatch = Files.mismatch(first, second);
            System.out.println(mismatch < 0 ? "round trip identical" : "round trip DIFFERS at byte " + mismatch);
            if (mismatch >= 0) {
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
            Files.deleteIfExists(dir);
        }
        System.out.println(ChildJvm.peakHeap());
    }

    private static void run(Store store, JobCatalog jobs, String job, String... args) {
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find(job), TxInfo.SYSTEM_USER, args));
        if (r.status() != RunStatus.SUCCEEDED) {
            System.out.println(job + " failed: " + r.describe());
            System.exit(1);
        }
    }

    /** N documents in 100 folders, created in one commit, then rewritten (a new title) R-1 times, one commit each. */
    private static void populate(Store store, int n, int revisions) {
        String body = "lorem ipsum dolor sit amet ".repeat(15);
        try (Session s = store.openSession()) {
            Node bench = s.create(s.root(), "bench", Folder.titled("bench"));
            Node[] folders = new Node[FOLDERS];
            for (int f = 0; f < FOLDERS; f++) {
                folders[f] = s.create(bench, String.format("f%03d", f), Folder.titled("folder " + f));
            }
            for (int i = 0; i < n; i++) {
                s.create(folders[i % FOLDERS], String.format("doc-%07d", i), new Document("Document " + i, "", body + i,
                        List.of("bench"), java.time.Instant.ofEpochSecond(1_700_000_000L + i), java.time.Instant.ofEpochSecond(1_700_000_000L + i)));
            }
            s.commit(TxInfo.system("bench: create"));
            for (int r = 1; r < revisions; r++) {
                for (int f = 0; f < FOLDERS; f++) {
                    int rev = r;
                    try (var children = s.children(s.get(String.format("/bench/f%03d", f)))) {
                        children.forEach(node -> s.update(node.withObject(node.object(Document.class).withTitle("revision " + rev))));
                    }
                }
                s.commit(TxInfo.system("bench: revision " + r));
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
