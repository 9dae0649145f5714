package nightshift.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.cron.Schedule;
import nightshift.cron.ScheduleEntry;
import nightshift.cron.ScheduleException;
import nightshift.cron.ScheduleException.LineError;
import nightshift.cron.ScheduleStatus;
import nightshift.jobs.NoSuchJobException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nightshift schedule check|list}: validate a schedule file; show what the cluster runs. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Check a schedule file, and list the scheduled entries with their last and next runs.",
        subcommands = {ScheduleCommand.Check.class, ScheduleCommand.ListEntries.class})
final class ScheduleCommand extends CommandGroup {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Reads and parses a schedule file, and each {@code run} entry's arguments as {@code nightshift run} would (the
     * job and its options); every error is printed with its line, then exit 65.
     */
    static Schedule read(Nightshift root, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MissingInputException("schedule " + file + " does not exist");
        }
        Schedule schedule;
        try {
            schedule = Schedule.read(file);
        } catch (ScheduleException e) {
            throw new BadScheduleException(e.errors());
        }
        List<LineError> errors = new ArrayList<>();
        for (ScheduleEntry entry : schedule.entries()) {
            String subject = entry.command().get(1);
            if (entry.command().get(0).equals("run")) {
                try {
                    Cli.checkRunArguments(entry.command().toArray(String[]::new), root.env(), root.home(),
                            root.catalog().find(subject));
                } catch (NoSuchJobException | ParameterException e) {
                    errors.add(new LineError(file.toString(), entry.line(), e.getMessage()));
                }
            } else if (!Files.isRegularFile(Path.of(subject))) {
                errors.add(new LineError(file.toString(), entry.line(), "script " + subject + " does not exist"));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadScheduleException(errors);
        }
        return schedule;
    }

    /** Every error of a schedule, one a line; exit 65. */
    static final class BadScheduleException extends BadInputException {
        private static final long serialVersionUID = 1L;
        private final transient List<LineError> errors;

        BadScheduleException(List<LineError> errors) {
            super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in the schedule");
            this.errors = errors;
        }

        @Override
        public List<String> details() {
            return errors.stream().map(LineError::toString).toList();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a schedule file: every error with its line number (exit 65);",
                "else each entry with its next five fire times."})
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "the schedule file")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Nightshift root = Nightshift.of(spec);
            Schedule schedule = read(root, file);
            PrintWriter out = root.out();
            Instant now = Instant.now();
            for (ScheduleEntry e : schedule.entries()) {
                out.println(e.id() + "  (line " + e.line() + ", " + e.zone().getId() + ", misfire=" + e.misfire().label()
                        + ")  " + e.when() + "  " + e.commandLine());
                for (Instant t : e.nextFireTimes(now, 5)) {
                    out.println("    " + LOCAL.format(t.atZone(e.zone())) + "  (" + UTC.format(t) + ")");
                }
            }
            out.println(schedule.entries().size() + " entr" + (schedule.entries().size() == 1 ? "y" : "ies") + ", no errors");
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Every scheduled entry with its last run (status, when, which node) and next fire time,",
                "read from the store: the entries the cluster has, or those of --schedule FILE."})
    static final class ListEntries implements Callable<Integer> {
        @Option(names = "--schedule", paramLabel = "FILE", description = "list this file's entries (default: the cluster's)")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Nightshift root = Nightshift.of(spec);
            List<ScheduleStatus> entries = file != null ? ScheduleStatus.of(root.store().dataSource(), read(root, file))
                    : ScheduleStatus.ofCluster(root.store().dataSource());
            PrintWriter out = root.out();
            String format = "%-24s %-21s %-10s %-21s %-24s %s%n";
            out.printf(format, "ENTRY", "NEXT FIRE", "LAST RUN", "STARTED", "BY", "COMMAND");
            for (ScheduleStatus s : entries) {
                String next = !s.scheduled() ? "not synced" : s.nextFire() == null ? "none" : UTC.format(s.nextFire());
                out.printf(format, s.id(), next, s.lastStatus() == null ? "never" : s.lastStatus(),
                        s.lastStartedAt() == null ? "-" : UTC.format(s.lastStartedAt()),
                        s.lastBy() == null ? "-" : s.lastBy(), s.description() == null ? "" : s.description());
            }
            if (entries.isEmpty()) {
                out.println("(no entries: start `nightshift scheduler --schedule FILE` on a node to sync one)");
            }
            return ExitCode.OK;
        }
    }
}
