package nightshift.cron;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nightshift.cron.ScheduleException.LineError;
import nightshift.cron.internal.CommandWords;
import nightshift.cron.internal.CrontabFields;

/**
 * A schedule file, parsed: crontab lines whose command is the arguments of {@code nightshift run} or
 * {@code nightshift script}.
 *
 * <pre>
 * # comments and blank lines are ignored
 * TZ=Europe/Paris                                   # zone of the entries below it; default UTC
 * 30 3 * * *  run reindex --as editor
 * [id=nightly-pack misfire=skip] 0 4 * * sun  run pack --as admin --timeout 2h
 * &#64;hourly run archive-news --as editor --days 365
 * </pre>
 *
 * An entry may start with options in brackets: {@code id=NAME} (a stable id: the entry's history and triggers
 * are kept under it, so its command may change; default: the job's name and a hash of the line) and
 * {@code misfire=run-once|skip}.
 *
 * <p>A comment runs from a {@code #} that starts a word to the end of the line, as in the shell: a whole line, or
 * after an entry or a {@code TZ=} line. A {@code #} inside a word, quoted or escaped ({@code '#news'},
 * {@code \#news}) is part of an argument.
 */
public final class Schedule {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");
    /** A comment after a variable's value: from a {@code #} that starts a word. */
    private static final Pattern TRAILING_COMMENT = Pattern.compile("(^|\\s)#.*");

    private final List<ScheduleEntry> entries;

    public Schedule(List<ScheduleEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Integer> seen = new HashMap<>();
        for (ScheduleEntry e : entries) {
            if (seen.put(e.id(), e.line()) != null) {
                throw new IllegalArgumentException("two entries have the id " + e.id());
            }
        }
    }

    public List<ScheduleEntry> entries() {
        return entries;
    }

    public static Schedule read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CronException("cannot read the schedule " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses the text, or throws a {@link ScheduleException} listing every error with its line. */
    public static Schedule parse(String source, String text) {
        List<ScheduleEntry> entries = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        ZoneId zone = ZoneId.of("UTC");
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var variable = VARIABLE.matcher(line);
            if (variable.matches() && !line.startsWith("[")) {
                String name = variable.group(1);
                if (!name.equals("TZ") && !name.equals("CRON_TZ")) {
                    errors.add(new LineError(source, number, "only TZ=Zone/Name may be set in a schedule; " + name
                            + " is not supported (settings come from the scheduler's own configuration)"));
                    continue;
                }
                String value = TRAILING_COMMENT.matcher(variable.group(2)).replaceFirst("").strip();
                try {
                    zone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    errors.add(new LineError(source, number, "unknown time zone '" + value
                            + "' (use a region such as Europe/Paris, or UTC)"));
                }
                continue;
            }
            try {
                ScheduleEntry entry = entry(line, number, zone);
                Integer earlier = ids.putIfAbsent(entry.id(), number);
                if (earlier != null) {
                    errors.add(new LineError(source, number, "the id " + entry.id() + " is already used on line "
                            + earlier + "; give this entry its own [id=...]"));
                } else {
                    entries.add(entry);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new LineError(source, number, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ScheduleException(errors);
        }
        return new Schedule(entries);
    }

    private static ScheduleEntry entry(String line, int number, ZoneId zone) {
        String id = null;
        Misfire misfire = Misfire.RUN_ONCE;
        String rest = line;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the entry's options start with [ but have no ]");
            }
            for (String option : rest.substring(1, close).trim().split("\\s+")) {
                if (option.isEmpty()) {
                    continue;
                }
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                String value = eq < 0 ? "" : option.substring(eq + 1);
                switch (key) {
                    case "id":
                        if (!ID.matcher(value).matches()) {
                            throw new IllegalArgumentException("id '" + value + "' must be 1-100 letters, digits, '.', '_' or '-'");
                        }
                        id = value;
                        break;
                    case "misfire":
                        misfire = Misfire.of(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown entry option '" + option + "' (known: id=NAME, misfire=run-once|skip)");
                }
            }
            rest = rest.substring(close + 1).strip();
        }
        List<String> words = CommandWords.split(rest);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an entry needs its time fields and a command");
        }
        String when;
        List<String> quartz;
        int commandStart;
        String macro = CrontabFields.macro(words.get(0));
        if (macro != null) {
            when = words.get(0);
            String[] f = macro.split(" ");
            quartz = CrontabFields.toQuartz(f[0], f[1], f[2], f[3], f[4]);
            commandStart = 1;
        } else {
            if (words.size() < 6) {
                throw new IllegalArgumentException("an entry needs five time fields (minute hour day-of-month month"
                        + " day-of-week) and a command; found " + words.size() + " word" + (words.size() == 1 ? "" : "s"));
            }
            when = String.join(" ", words.subList(0, 5));
            quartz = CrontabFields.toQuartz(words.get(0), words.get(1), words.get(2), words.get(3), words.get(4));
            commandStart = 5;
        }
        List<String> command = CommandWords.command(words.subList(commandStart, words.size()));
        if (id == null) {
            id = defaultId(command, when);
        }
        return new ScheduleEntry(id, number, when, quartz, zone, misfire, command);
    }

    /** The job's name (or script's file name) and a short hash of the whole entry: stable while the line is. */
    private static String defaultId(List<String> command, String when) {
        String subject = command.get(1).replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = HexFormat.of().toHexDigits((when + "\u0000" + String.join("\u0000", command)).hashCode());
        return (subject.length() > 80 ? subject.substring(0, 80) : subject) + "-" + hash;
    }
}
