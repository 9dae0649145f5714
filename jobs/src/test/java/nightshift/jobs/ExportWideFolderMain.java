package nightshift.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.ChildJvm;

/**
 * Child process of {@link ExportStaticMemoryTest}: COUNT documents (about a kilobyte each) in one folder, exported by
 * {@code export-static} as a Reader. Prints the pages written and the peak heap; exits 1 if the run failed. Args: url
 * user passwordFile count outDir.
 */
public final class ExportWideFolderMain {
    private ExportWideFolderMain() {
    }

    public static void main(String[] args) throws Exception {
        export(ChildJvm.config(args[0], args[1], args[2]).build(), Integer.parseInt(args[3]), Path.of(args[4]));
        System.exit(0);
    }

    /**
     * The work, in a migrated database, exporting into {@code out}: prints the pages written, pages/s and the peak
     * heap, exits the JVM with 1 if the run failed. Bench's {@code ExportStaticBenchmark} runs it on the harness's
     * server.
     */
    public static void export(StoreConfig config, int count, Path out) throws Exception {
        try (Store store = Store.open(config)) {
            PrincipalDirectory dir = PrincipalDirectory.of(store);
            dir.addUser("reader", "Reader");
            dir.grant("reader", Role.READER);
            String body = "lorem ipsum dolor sit amet ".repeat(40);
            try (Session s = store.openSession("bulk")) {
                Node folder = s.create(s.root(), "wide", Folder.titled("One wide folder"));
                for (int i = 0; i < count; i++) {
                    s.create(folder, String.format("doc-%06d", i), Document.of("Document number " + i + " of the wide folder", body + i));
                }
                s.commit(TxInfo.of("bulk"));
            }
            long t0 = System.nanoTime();
            RunResult r = JobRunner.create(store).build().run(JobParameters.request(
                    JobCatalog.load(ExportWideFolderMain.class.getClassLoader()).find("export-static"), "reader",
                    "--path", "/wide", "--out", out.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r.status() != RunStatus.SUCCEEDED) {
                System.out.println("failed: " + r.describe());
                System.exit(1);
            }
            long files;
            try (Stream<Path> s = Files.list(out)) {
                files = s.count();
            }
            System.out.printf("exported files=%d in %.1f s (%.0f pages/s)%n", files, seconds, files / seconds);
        }
        System.out.println(ChildJvm.peakHeap());
    }
}
