package nightshift.bench.programs;

import nightshift.jobs.ArchiveRoundTripMain;

/**
 * Export and import throughput and heap: N documents (about 400 bytes of body) in 100 folders, each written R
 * times, exported by the {@code export} job, imported by {@code import} into a second database, and exported again;
 * the two archives must be identical. Prints nodes/s for each step and the peak heap; exits 1 on a failed run or a
 * difference. The work is {@code ArchiveMemoryTest}'s, run here on the harness's server. Run:
 * {@code BENCH_HEAP=-Xmx256m bench/run ArchiveBenchmark 100000 3}. Args: [N] [R]
 */
public final class ArchiveBenchmark {
    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int revisions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ArchiveRoundTripMain.roundTrip(BenchDatabase.fresh("archive_bench"), BenchDatabase.fresh("archive_bench_import"), n,
                revisions);
        System.exit(0);
    }
}
