package nightshift.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 8: {@link MemoryChild} in a child JVM under {@code -Xmx256m -XX:+UseSerialGC}: the peak heap of a full reindex of
 * N documents (default 1,000,000) and whether it finished. The figure is the sum of the heap pools' peaks after
 * the documents were created (an upper bound: the pools need not peak together); the "baseline" is the heap limit.
 */
final class Memory {
    static final String HEAP = "-Xmx256m";
    private static final long TIMEOUT_MINUTES = 30;

    private Memory() {
    }

    static Measurement measure(Bench.Target t, int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MemoryChild.class.getName(), t.url(), t.user(), t.passwordFile().toString(), Integer.toString(n));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> values = new HashMap<>();
        StringBuilder tail = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("created=") || line.startsWith("finished=")) {
                    System.out.println("  memory             " + line);
                    for (String kv : line.split(" ")) {
                        String[] parts = kv.split("=", 2);
                        values.put(parts[0], parts[1]);
                    }
                } else {
                    tail.append(line).append('\n');
                    if (tail.length() > 4_000) {
                        tail.delete(0, tail.length() - 4_000);
                    }
                }
            }
        }
        boolean exited = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly();
        }
        boolean finished = exited && p.exitValue() == 0 && "true".equals(values.get("finished"));
        double max = Integer.parseInt(HEAP.replaceAll("\\D", ""));
        if (!finished) {
            System.out.println("  memory: the child did not finish; its last output:\n" + tail);
            return Measurement.single("memory", "MB", Double.NaN, max, false, 1.0,
                    String.format(Locale.ROOT, "reindex-full of %,d docs under %s did NOT finish", n, HEAP));
        }
        double seconds = Double.parseDouble(values.get("seconds"));
        return Measurement.single("memory", "MB", Double.parseDouble(values.get("peakHeapMB")), max, false, 1.0,
                String.format(Locale.ROOT, "peak heap of reindex-full of %,d docs under %s -XX:+UseSerialGC: finished in %.0f s (%,.0f docs/s)",
                        n, HEAP, seconds, n / seconds));
    }
}
