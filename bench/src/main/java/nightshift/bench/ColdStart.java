package nightshift.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 7: wall time of {@code java -cp ... nightshift.cli.Nightshift run noop --as admin} as a child process against the
 * running server, against a child JVM that opens one JDBC connection, runs SELECT 1 and exits. Both use this
 * process's classpath (bench jar and target/lib, which holds the cli jar); no class-data-sharing archive.
 */
final class ColdStart {
    private static final int RUNS_PER_ROUND = 3;

    private ColdStart() {
    }

    static Measurement measure(Bench.Target t, int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> nightshift = List.of(java, "-cp", cp, "nightshift.cli.Nightshift", "--store", t.url(), "--store-user", t.user(),
                "--store-password-file", t.passwordFile().toString(), "run", "noop", "--as", "admin");
        List<String> baseline = List.of(java, "-cp", cp, SelectOne.class.getName(), t.url(), t.user(), t.passwordFile().toString());
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            for (int k = 0; k < RUNS_PER_ROUND; k++) {
                double ns = time(nightshift);
                double bs = time(baseline);
                Workloads.log("cold-start", r, ns * 1000, bs * 1000, "ms", "");
                if (r > 0) {
                    ours.add(ns * 1000);
                    base.add(bs * 1000);
                }
            }
        }
        return new Measurement("cold-start", "ms", Bench.median(ours), Bench.median(base), false, 1.0,
                String.format(Locale.ROOT, "median of %d runs; plain java -cp, no CDS archive", ours.size()));
    }

    private static double time(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(new File(System.getProperty("java.io.tmpdir"), "nightshift-bench-child.err")))
                .start();
        int exit = p.waitFor();
        double s = Bench.seconds(System.nanoTime() - t0);
        Bench.check(exit == 0, "child exited " + exit + ": " + String.join(" ", command.subList(3, command.size()))
                + " (stderr in " + System.getProperty("java.io.tmpdir") + "/nightshift-bench-child.err)");
        return s;
    }
}
