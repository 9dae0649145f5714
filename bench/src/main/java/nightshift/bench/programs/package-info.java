/**
 * Benchmark programs of their own, each a {@code main} beside the harness: the store's create and read against plain
 * JDBC, bulk create, archive export and import, reindex, export-static and housekeeping, with throughput and peak
 * heap. Run through {@code bench/run NameBenchmark [args]} after building the harness.
 */
package nightshift.bench.programs;
