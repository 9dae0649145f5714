package nightshift.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nightshift status}: the last run of each job, for monitoring. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the last run of each job. Exits 1 when a job's last run failed, or when its last success",
            "is older than its --max-age (or it never succeeded): point your monitoring at it."})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--max-age", paramLabel = "JOB=DURATION",
            description = "the job must have succeeded within this long, e.g. reindex=15m (repeatable)")
    Map<String, String> maxAges = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        Map<String, Duration> limits = new LinkedHashMap<>();
        maxAges.forEach((job, age) -> limits.put(job, Durations.parse(age)));
        RunHistory history = RunHistory.of(root.store());
        Map<String, RunRecord> last = history.latest().stream().collect(Collectors.toMap(RunRecord::jobName, Function.identity()));
        Map<String, RunRecord> lastSuccess = history.latestSuccesses().stream()
                .collect(Collectors.toMap(RunRecord::jobName, Function.identity()));
        PrintWriter out = root.out();
        int unhealthy = 0;
        Instant now = Instant.now();
        List<String> jobs = new java.util.ArrayList<>(new java.util.TreeSet<>(last.keySet()));
        for (String job : limits.keySet()) {
            if (!jobs.contains(job)) {
                jobs.add(job);
            }
        }
        for (String job : jobs) {
            RunRecord r = last.get(job);
            RunRecord ok = lastSuccess.get(job);
            String problem = null;
            if (r != null && (r.status() == RunStatus.FAILED || r.status() == RunStatus.CONFLICT
                    || r.status() == RunStatus.TIMED_OUT || r.status() == RunStatus.ABANDONED)) {
                problem = "last run " + r.status();
            }
            Duration limit = limits.get(job);
            if (problem == null && limit != null) {
                if (ok == null) {
                    problem = "never succeeded";
                } else if (Duration.between(ok.startedAt(), now).compareTo(limit) > 0) {
                    problem = "last success " + Durations.format(Duration.between(ok.startedAt(), now)) + " ago, more than " + Durations.format(limit);
                }
            }
            if (problem != null) {
                unhealthy++;
            }
            if (!root.quiet || problem != null) {
                out.printf("%-20s %-8s last %-10s %s%s%n", job, problem == null ? "OK" : "PROBLEM",
                        r == null ? "-" : r.status(), r == null ? "" : HistoryCommand.TIME.format(r.startedAt()),
                        problem == null ? "" : "  (" + problem + ")");
            }
        }
        return unhealthy == 0 ? ExitCode.OK : ExitCode.JOB_FAILED;
    }
}
