package nightshift.jobs;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;
import nightshift.store.testing.TestServer;

/**
 * Child process of {@link CreateBulkMemoryTest}: a JSONL file of N documents (about 400 bytes of body each) created
 * by the {@code create} job in one transaction. Prints what it created and the peak heap; exits 1 if the run failed.
 * Args: [N].
 */
public final class CreateFromJsonlMain {
    private CreateFromJsonlMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        createFrom(TestServer.get().newDatabase("createbench").build(), n);
        System.exit(0);
    }

    /**
     * The work, in an empty database: prints what it created, objects/s and the peak heap, exits the JVM with 1 if
     * the run failed. Bench's {@code CreateBulkBenchmark} runs it on the harness's server.
     */
    public static void createFrom(StoreConfig config, int n) throws Exception {
        Store.migrate(config);
        Path file = Files.createTempFile("nightshift-bulk", ".jsonl");
        try (Store store = Store.open(config)) {
            PrincipalDirectory.of(store).addUser("bench", "Bench");
            PrincipalDirectory.of(store).grant("bench", Role.EDITOR);
            try (Session s = store.openSession()) {
                s.create(s.root(), "bulk", Folder.titled("bulk"));
                s.commit(TxInfo.system("setup"));
            }
            String body = "lorem ipsum dolor sit amet ".repeat(15);
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                for (int i = 0; i < n; i++) {
                    w.write("{\"type\":\"Document\",\"name\":\"doc-" + i + "\",\"title\":\"Document " + i + "\",\"tags\":[\"bulk\"],\"body\":\""
                            + body + i + "\"}\n");
                }
            }
            long t0 = System.nanoTime();
            RunResult r = JobRunner.create(store).build().run(JobParameters.request(
                    JobCatalog.load(CreateFromJsonlMain.class.getClassLoader()).find("create"), "bench", "--in", "/bulk", "--from", file.toString()));
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.status() != RunStatus.SUCCEEDED) {
                System.out.println("failed: " + r.describe());
                System.exit(1);
            }
            System.out.printf("created %d objects from JSONL in %.1f s (%.0f objects/s)%n", n, s, n / s);
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println(ChildJvm.peakHeap());
    }
}
