package nightshift.bench.programs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import nightshift.jobs.ExportWideFolderMain;
import nightshift.store.Store;
import nightshift.store.StoreConfig;

/**
 * Static export of one wide folder: N documents (about a kilobyte each) in one folder, exported by
 * {@code export-static} as a Reader into a temporary directory (removed afterwards). Prints the pages written, pages/s
 * and the peak heap; exits 1 if the run failed. The work is {@code ExportStaticMemoryTest}'s, run here on the
 * harness's server. Run: {@code BENCH_HEAP=-Xmx64m bench/run ExportStaticBenchmark 40000}. Args: [N]
 */
public final class ExportStaticBenchmark {
    private ExportStaticBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        StoreConfig config = BenchDatabase.fresh("export_static_bench");
        Store.migrate(config);
        Path dir = Files.createTempDirectory("nightshift-export-bench");
        try {
            ExportWideFolderMain.export(config, count, dir.resolve("wide"));
        } finally {
            delete(dir);
        }
        System.exit(0);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
