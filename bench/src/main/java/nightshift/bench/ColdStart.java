package nightshift.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 7: wall time of {@code nightshift run noop --as admin} as a child process against the running server, the way the
 * {@code ./nightshift} launcher starts it: with a static class-data-sharing archive dumped from the class list of a
 * first run ({@code -XX:DumpLoadedClassList}, {@code -Xshare:dump}, then {@code -XX:SharedArchiveFile}; the harness
 * records its own under bench/target rather than calling the launcher, which would rebuild the project outside the
 * build lock). Baseline:
 * a plain child JVM that opens one JDBC connection, runs SELECT 1 and exits. Also measured,
 * for the note: nightshift without the archive, and the baseline with an archive of its own.
 */
final class ColdStart {
    private static final int RUNS_PER_ROUND = 5;
    /** The launcher's default JVM options (nightshift, NIGHTSHIFT_JAVA_OPTS), with which it records and uses its archive. */
    private static final List<String> COMPILER = List.of("-XX:TieredStopAtLevel=1", "-XX:Tier3InvocationThreshold=1000",
            "-XX:Tier3MinInvocationThreshold=500", "-XX:Tier3CompileThreshold=10000");
    private static final String SERIAL = "-XX:+UseSerialGC";
    /** Added by the launcher where the kernel gives transparent huge pages on request, as it does here. */
    private static final String THP = "-XX:+UseTransparentHugePages";

    private ColdStart() {
    }

    static Measurement measure(Bench.Target t, int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> nightshiftArgs = List.of("-cp", cp, "nightshift.cli.Nightshift", "-q", "--store", t.url(), "--store-user", t.user(),
                "--store-password-file", t.passwordFile().toString(), "run", "noop", "--as", "admin");
        List<String> baselineArgs = List.of("-cp", cp, SelectOne.class.getName(), t.url(), t.user(), t.passwordFile().toString());
        Path dir = Path.of("bench", "target").toAbsolutePath();
        Path nsJsa = dir.resolve("cold-nightshift.jsa");
        Path baseJsa = dir.resolve("cold-selectone.jsa");
        List<String> launcher = launcherOptions();
        archive(java, launcher, cp, nightshiftArgs, nsJsa);
        archive(java, List.of(), cp, baselineArgs, baseJsa);
        List<String> withArchive = new ArrayList<>(launcher);
        withArchive.addAll(List.of("-XX:SharedArchiveFile=" + nsJsa, "-Xshare:auto", "-Xlog:cds=off"));
        List<String> nsCds = command(java, withArchive, nightshiftArgs);
        List<String> nsPlain = command(java, List.of(), nightshiftArgs);
        List<String> base = command(java, List.of(), baselineArgs);
        List<String> baseCds = command(java, List.of("-XX:SharedArchiveFile=" + baseJsa, "-Xshare:auto", "-Xlog:cds=off"), baselineArgs);
        List<Double> ours = new ArrayList<>();
        List<Double> oursPlain = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        List<Double> baselineCds = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            for (int k = 0; k < RUNS_PER_ROUND; k++) {
                double ns = time(nsCds) * 1000;
                double np = time(nsPlain) * 1000;
                double bs = time(base) * 1000;
                double bc = time(baseCds) * 1000;
                Workloads.log("cold-start", r, ns, bs, "ms", String.format(Locale.ROOT, "without CDS %.0f ms; baseline with CDS %.0f ms", np, bc));
                if (r > 0) {
                    ours.add(ns);
                    oursPlain.add(np);
                    baseline.add(bs);
                    baselineCds.add(bc);
                }
            }
        }
        return Measurement.paired("cold-start", "ms", ours, baseline, false, 1.0,
                String.format(Locale.ROOT, "median of %d runs, with the launcher's CDS archive; without it %.0f ms (%.2f); baseline plain JVM,"
                        + " with a CDS archive of its own %.0f ms", ours.size(), Bench.median(oursPlain), Bench.median(oursPlain) / Bench.median(baseline),
                        Bench.median(baselineCds)));
    }

    /** The launcher's default options on this machine (see the {@code nightshift} script). */
    private static List<String> launcherOptions() {
        List<String> options = new ArrayList<>(COMPILER);
        options.add(SERIAL);
        try {
            if (Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[madvise]")) {
                options.add(THP);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no such file: not Linux, or no transparent huge pages; the launcher adds nothing either
        }
        return options;
    }

    /**
     * Records the classes one run of {@code args} loads and dumps them into a static archive at {@code jsa}, as the
     * launcher does after its first run (a static archive, unlike a dynamic one, holds picocli's Java 5 classes).
     */
    private static void archive(String java, List<String> jvmOptions, String cp, List<String> args, Path jsa) throws Exception {
        Path classes = Path.of(jsa + ".classlist");
        Files.deleteIfExists(jsa);
        Files.deleteIfExists(classes);
        List<String> record = new ArrayList<>(jvmOptions);
        record.add("-XX:DumpLoadedClassList=" + classes);
        time(command(java, record, args));
        List<String> dump = new ArrayList<>(jvmOptions);
        dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + jsa, "-cp", cp));
        time(command(java, dump, List.of()));
        Bench.check(Files.size(jsa) > 0, "no archive dumped at " + jsa);
    }

    private static List<String> command(String java, List<String> jvmOptions, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmOptions);
        c.addAll(args);
        return c;
    }

    private static double time(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(new File(System.getProperty("java.io.tmpdir"), "nightshift-bench-child.err")))
                .start();
        int exit = p.waitFor();
        double s = Bench.seconds(System.nanoTime() - t0);
        Bench.check(exit == 0, "child exited " + exit + ": " + String.join(" ", command)
                + " (stderr in " + System.getProperty("java.io.tmpdir") + "/nightshift-bench-child.err)");
        return s;
    }
}
