package nightshift.cron;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * One entry of a schedule: a stable id (its history is kept under it), when it fires (as written, and as the
 * Quartz expressions that say it, in its zone), what to do about missed firings, and the nightshift arguments of
 * its {@code run} or {@code script} command.
 *
 * @param line the line of the schedule file it came from (0 when made through the API)
 * @param when the time fields as written ({@code 30 3 * * mon-fri}, {@code @daily}), or the Quartz expression
 */
public record ScheduleEntry(String id, int line, String when, List<String> quartz, ZoneId zone, Misfire misfire,
        List<String> command) {
    public ScheduleEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        quartz = List.copyOf(quartz);
        Objects.requireNonNull(zone, "zone");
        misfire = misfire == null ? Misfire.RUN_ONCE : misfire;
        command = List.copyOf(command);
        if (quartz.isEmpty()) {
            throw new IllegalArgumentException("an entry needs at least one cron expression");
        }
        for (String q : quartz) {
            expression(q, zone);
        }
    }

    /**
     * An entry made through the API with a Quartz cron expression (seconds first: {@code * * * * * ?} fires every
     * second), for tests and programs that need more than crontab's minutes.
     */
    public static ScheduleEntry ofQuartz(String id, String quartzExpression, ZoneId zone, Misfire misfire, List<String> command) {
        return new ScheduleEntry(id, 0, quartzExpression, List.of(quartzExpression), zone, misfire, command);
    }

    /** The command as one line, as it would follow {@code nightshift}. */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** What defines the entry's triggers and job: two nodes with equal definitions agree. */
    public String definition() {
        return String.join("|", quartz) + "|" + zone.getId() + "|" + misfire.label() + "|" + String.join("\u0000", command);
    }

    /** The next {@code count} times the entry fires after {@code after}, in order (both expressions merged). */
    public List<Instant> nextFireTimes(Instant after, int count) {
        List<Instant> times = new ArrayList<>();
        List<CronExpression> expressions = quartz.stream().map(q -> expression(q, zone)).toList();
        Date from = Date.from(after);
        while (times.size() < count) {
            Date next = null;
            for (CronExpression e : expressions) {
                Date candidate = e.getNextValidTimeAfter(from);
                if (candidate != null && (next == null || candidate.before(next))) {
                    next = candidate;
                }
            }
            if (next == null) {
                break;
            }
            times.add(next.toInstant());
            from = next;
        }
        return times;
    }

    static CronExpression expression(String quartzExpression, ZoneId zone) {
        try {
            CronExpression e = new CronExpression(quartzExpression);
            e.setTimeZone(TimeZone.getTimeZone(zone));
            return e;
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid cron expression '" + quartzExpression + "': " + e.getMessage(), e);
        }
    }
}
