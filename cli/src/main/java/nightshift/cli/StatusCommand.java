package nightshift.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code nightshift status}: the last run of each job, for monitoring. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the last run of each job. Exits 1 when a job's last run failed, or when its last success",
            "is older than its --max-age (or it never succeeded): point your monitoring at it.",
            "Only the runs --started-by names are judged, so a try by hand at a terminal pages no one."})
final class StatusCommand implements Callable<Integer> {
    /** The starters judged by default: the unattended ones (a crontab line, the scheduler, a program). */
    static final String DEFAULT_STARTERS = "cron,scheduler,api";
    private static final String ALL = "all";

    @Option(names = "--max-age", paramLabel = "JOB=DURATION",
            description = "the job must have succeeded within this long, e.g. reindex=15m (repeatable)")
    List<String> maxAges = new ArrayList<>();

    @Option(names = "--started-by", paramLabel = "KIND[,KIND...]", split = ",", defaultValue = DEFAULT_STARTERS,
            description = "judge only the runs started by these (the first word of history's BY): cron, scheduler, api,"
                    + " manual, demo, or all (default: ${DEFAULT-VALUE})")
    List<String> startedBy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        Map<String, Duration> limits = limits();
        Set<String> starters = startedBy.contains(ALL) ? null : new LinkedHashSet<>(startedBy);
        RunHistory history = RunHistory.of(root.store());
        Map<String, RunRecord> last = history.latest(starters).stream()
                .collect(Collectors.toMap(RunRecord::jobName, Function.identity()));
        Map<String, RunRecord> lastSuccess = history.latestSuccesses(starters).stream()
                .collect(Collectors.toMap(RunRecord::jobName, Function.identity()));
        Instant now = Instant.now();
        List<String> jobs = new ArrayList<>(new TreeSet<>(last.keySet()));
        for (String job : limits.keySet()) {
            if (!jobs.contains(job)) {
                jobs.add(job);
            }
        }
        List<String> problems = new ArrayList<>();
        PrintWriter out = root.out();
        for (String job : jobs) {
            RunRecord r = last.get(job);
            String problem = problem(r, lastSuccess.get(job), limits.get(job), now);
            if (problem != null) {
                problems.add(job + ": " + problem);
            }
            if (!root.quiet) {
                out.printf("%-20s %-8s last %-10s %s%s%n", job, problem == null ? "OK" : "PROBLEM",
                        r == null ? "-" : r.status() + (r.dryRun() ? "*" : ""),
                        r == null ? "" : HistoryCommand.TIME.format(r.startedAt()),
                        problem == null ? "" : "  (" + problem + ")");
            }
        }
        if (!root.quiet && last.values().stream().anyMatch(RunRecord::dryRun)) {
            out.println("* dry run: nothing was committed");
        }
        if (problems.isEmpty()) {
            return ExitCode.OK;
        }
        if (root.quiet) {
            root.err().println("nightshift: " + String.join("; ", problems));
        }
        return ExitCode.JOB_FAILED;
    }

    /** What is wrong with a job, or null: its last run failed, or it has not succeeded within its limit. */
    private static String problem(RunRecord last, RunRecord success, Duration limit, Instant now) {
        if (last != null && (last.status() == RunStatus.FAILED || last.status() == RunStatus.CONFLICT
                || last.status() == RunStatus.TIMED_OUT || last.status() == RunStatus.ABANDONED)) {
            return "last run " + last.status();
        }
        if (limit == null) {
            return null;
        }
        if (success == null) {
            return last != null && last.dryRun() && last.status() == RunStatus.SUCCEEDED
                    ? "only dry runs succeeded, and a dry run commits nothing" : "never succeeded";
        }
        Duration age = Duration.between(success.startedAt(), now);
        return age.compareTo(limit) > 0
                ? "last success " + Durations.format(age) + " ago, more than " + Durations.format(limit) : null;
    }

    /** The --max-age limits by job; a malformed one is a usage error saying the form. */
    private Map<String, Duration> limits() {
        Map<String, Duration> limits = new LinkedHashMap<>();
        for (String given : maxAges) {
            int eq = given.indexOf('=');
            String job = eq < 0 ? given : given.substring(0, eq);
            String example = job.isBlank() ? "reindex" : job;
            String form = "--max-age takes JOB=DURATION, such as " + example + "=30m or " + example + "=26h";
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), form + ", was '" + given + "'");
            }
            try {
                limits.put(job, Durations.parse(given.substring(eq + 1)));
            } catch (TypeConversionException e) {
                throw new ParameterException(spec.commandLine(), form + ": " + e.getMessage());
            }
        }
        return limits;
    }
}
