package nightshift.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.RunHistory;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nightshift history}: the run records, newest first, with the progress of running jobs. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the run records, newest first, with who or what started each (BY).",
            "Runs whose process died are marked ABANDONED first.",
            "A running job shows its progress and estimated time left."})
final class HistoryCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--job", paramLabel = "NAME", description = "only this job's runs")
    String job;

    @Option(names = "--status", paramLabel = "STATUS", description = "only runs with this status: ${COMPLETION-CANDIDATES}")
    RunStatus status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most this many runs (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        List<RunRecord> runs = RunHistory.of(root.store()).list(job, status, limit);
        PrintWriter out = root.out();
        if (json) {
            out.println(Json.runs(runs));
            return ExitCode.OK;
        }
        if (runs.isEmpty()) {
            if (!root.quiet) {
                out.println("no runs recorded" + (job != null ? " for job " + job : ""));
            }
            return ExitCode.OK;
        }
        printTable(out, runs);
        return ExitCode.OK;
    }

    /** The run records as a table, with a footnote when some were dry runs: for {@code history} and {@code demo}. */
    static void printTable(PrintWriter out, List<RunRecord> runs) {
        out.printf("%-26s %-16s %-12s %-10s %-10s %-19s %9s %3s %8s  %s%n", "RUN", "JOB", "USER", "BY", "STATUS", "STARTED",
                "TOOK", "ATT", "TID", "DETAIL");
        for (RunRecord r : runs) {
            out.printf("%-26s %-16s %-12s %-10s %-10s %-19s %9s %3d %8s  %s%n", r.runId(), r.jobName(), r.storeUser(),
                    r.startedBy(), r.status() + (r.dryRun() ? "*" : ""), TIME.format(r.startedAt()),
                    r.elapsed().map(Durations::format).orElse("-"), r.attempts(),
                    r.tid().isPresent() ? String.valueOf(r.tid().getAsLong()) : "-", detail(r));
        }
        if (runs.stream().anyMatch(RunRecord::dryRun)) {
            out.println("* dry run: nothing was committed");
        }
    }

    static String detail(RunRecord r) {
        if (r.status() == RunStatus.RUNNING) {
            String progress = r.progressTotal() > 0
                    ? String.format("%,d/%,d (%d%%)", r.progressDone(), r.progressTotal(), 100 * r.progressDone() / r.progressTotal())
                    : r.progressDone() > 0 ? String.format("%,d done", r.progressDone()) : "started";
            String eta = r.eta().map(d -> ", eta " + Durations.format(d)).orElse("");
            String rate = r.rate() > 0 ? String.format(", %,.0f/s", r.rate()) : "";
            return progress + rate + eta + " on " + r.host() + " pid " + r.pid();
        }
        if (r.error() != null) {
            return r.error();
        }
        if (r.status() == RunStatus.SUCCEEDED) {
            return String.format("+%d ~%d -%d", r.created(), r.modified(), r.deleted());
        }
        return "";
    }

    static String took(Duration d) {
        return Durations.format(d);
    }
}
