package nightshift.bench.programs;

import nightshift.jobs.ReindexPassesMain;

/**
 * Reindex throughput: N documents (about 60 words of body each) in 100 folders, then through the JobRunner: a full
 * reindex into an empty catalog with the client-built tsvector, a full reindex over an up-to-date catalog, the
 * first again with the server's to_tsvector, and an incremental one after 1,000 updates. Prints nodes/s and the
 * peak heap. The work is {@code MillionNodesReindexTest}'s, run here on the harness's server. Run:
 * {@code BENCH_HEAP=-Xmx256m bench/run ReindexBenchmark 100000}. Args: [N] [quick: skip the to_tsvector pass]
 */
public final class ReindexBenchmark {
    private ReindexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean quick = args.length > 1 && args[1].equals("quick");
        ReindexPassesMain.passes(BenchDatabase.fresh("reindex_bench"), n, !quick);
        System.exit(0);
    }
}
