package nightshift.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The table and the JSON line; workloads not measured are listed as such, never given a number. */
final class Report {
    private Report() {
    }

    static void print(List<Measurement> results, int n, int rounds, double latencyMs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-20s %14s %14s %-8s %7s %-12s %s%n", "workload", "nightshift", "baseline", "unit", "ratio", "target", "note");
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"n\":%d,\"rounds\":%d,", n, rounds));
        if (latencyMs > 0) {
            json.append(String.format(Locale.ROOT, "\"latency_ms\":%s,", latencyMs));
        }
        json.append("\"workloads\":{");
        boolean first = true;
        for (Measurement m : results) {
            String target = !m.hasTarget() ? "-" : (m.higherIsBetter() ? ">= " : "<= ") + m.target() + (m.reached() ? " yes" : " NO");
            System.out.printf(Locale.ROOT, "%-20s %,14.1f %,14.1f %-8s %7.2f %-12s %s%n", m.workload(), m.value(), m.baseline(), m.unit(),
                    m.ratio(), target, m.note());
            json.append(first ? "" : ",").append(String.format(Locale.ROOT,
                    "\"%s\":{\"value\":%.1f,\"baseline\":%.1f,\"unit\":\"%s\",\"ratio\":%.3f,\"target\":%s,\"reached\":%s,\"note\":\"%s\"}",
                    m.workload(), m.value(), m.baseline(), m.unit(), m.ratio(), m.hasTarget() ? String.valueOf(m.target()) : "null",
                    m.hasTarget() ? String.valueOf(m.reached()) : "null", m.note().replace("\"", "'")));
            first = false;
        }
        Set<String> done = results.stream().map(Measurement::workload).collect(Collectors.toSet());
        for (String w : Bench.ALL) {
            if (!done.contains(w)) {
                System.out.printf(Locale.ROOT, "%-20s %14s%n", w, "not measured");
                json.append(first ? "" : ",").append("\"").append(w).append("\":\"not measured\"");
                first = false;
            }
        }
        json.append("}}");
        System.out.println(json);
    }
}
