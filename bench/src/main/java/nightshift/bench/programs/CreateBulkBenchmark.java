package nightshift.bench.programs;

import nightshift.jobs.CreateFromJsonlMain;

/**
 * Bulk create throughput and heap: a JSONL file of N documents (about 400 bytes of body each) created by the
 * {@code create} job in one transaction. Prints objects/s and the peak heap; exits 1 if the run failed. The work is
 * {@code CreateBulkMemoryTest}'s, run here on the harness's server. Run:
 * {@code BENCH_HEAP=-Xmx64m bench/run CreateBulkBenchmark 100000}. Args: [N]
 */
public final class CreateBulkBenchmark {
    private CreateBulkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        CreateFromJsonlMain.createFrom(BenchDatabase.fresh("create_bulk_bench"), n);
        System.exit(0);
    }
}
