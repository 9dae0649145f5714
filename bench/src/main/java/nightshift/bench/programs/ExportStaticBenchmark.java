package nightshift.bench.programs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import nightshift.jobs.JobCatalog;
import nightshift.jobs.JobParameters;
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * Static export of one wide folder: N documents (about a kilobyte each) in one folder, exported by
 * {@code export-static} as a Reader into a temporary directory (removed afterwards). Prints the pages written, pages/s
 * and the peak heap; exits 1 if the run failed. Run: {@code BENCH_HEAP=-Xmx64m bench/run ExportStaticBenchmark 40000}.
 * Args: [N]
 */
public final class ExportStaticBenchmark {
    private ExportStaticBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        StoreConfig config = BenchDatabase.fresh("export_static_bench");
        Store.migrate(config);
        Path dir = Files.createTempDirectory("nightshift-export-bench");
        Path out = dir.resolve("wide");
        try (Store store = Store.open(config)) {
            PrincipalDirectory principals = PrincipalDirectory.of(store);
            principals.addUser("reader", "Reader");
            principals.grant("reader", Role.READER);
            String body = "lorem ipsum dolor sit amet ".repeat(40);
            try (Session s = store.openSession()) {
                Node folder = s.create(s.root(), "wide", Folder.titled("One wide folder"));
                for (int i = 0; i < count; i++) {
                    s.create(folder, String.format("doc-%06d", i), Document.of("Document number " + i + " of the wide folder", body + i));
                }
                s.commit(TxInfo.system("bench: create"));
            }
            long t0 = System.nanoTime();
            RunResult r = JobRunner.create(store).build().run(JobParameters.request(
                    JobCatalog.load(ExportStaticBenchmark.class.getClassLoader()).find("export-static"), "reader",
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
        } finally {
            delete(dir);
        }
        System.out.println(BenchDatabase.peakHeap());
        System.exit(0);
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
