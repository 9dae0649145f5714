package nightshift.cron.internal;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The five time fields of a crontab line, translated to Quartz cron expressions (which have a seconds field and
 * need {@code ?} in one of the day fields). Each field is expanded to the set of its values and written back as
 * an explicit list, so ranges, steps and names mean what crontab means, not what Quartz would read into them.
 *
 * <p>Crontab fires on a day when the day of month <em>or</em> the day of week matches, if both are restricted;
 * Quartz can say only one of them per expression, so that case gives two expressions (two triggers of one job).
 */
public final class CrontabFields {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    private static final String[] QUARTZ_DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private CrontabFields() {
    }

    /** A field's name, its bounds, and its names (index 0 is the value {@code min}) if it has any. */
    private record Field(String name, int min, int max, String[] names) {
    }

    private static final Field MINUTE = new Field("minute", 0, 59, null);
    private static final Field HOUR = new Field("hour", 0, 23, null);
    private static final Field DAY_OF_MONTH = new Field("day of month", 1, 31, null);
    private static final Field MONTH = new Field("month", 1, 12, MONTHS);
    private static final Field DAY_OF_WEEK = new Field("day of week", 0, 7, DAYS);

    /** Whether the token is one of the {@code @} shorthands (and which five fields it stands for), else null. */
    public static String macro(String token) {
        if (token.equals("@reboot")) {
            throw new IllegalArgumentException("@reboot is not supported: a cluster has no single boot to run it at;"
                    + " keep such a line in the crontab of one box, or run it from a systemd unit");
        }
        String fields = MACROS.get(token.toLowerCase(Locale.ROOT));
        if (fields == null && token.startsWith("@")) {
            throw new IllegalArgumentException("unknown shorthand " + token
                    + " (known: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)");
        }
        return fields;
    }

    /** The Quartz expressions (one, or two for the day-of-month-or-day-of-week case) for five crontab fields. */
    public static List<String> toQuartz(String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {
        String m = list(expand(minute, MINUTE), MINUTE, null);
        String h = list(expand(hour, HOUR), HOUR, null);
        BitSet domSet = expand(dayOfMonth, DAY_OF_MONTH);
        String mon = list(expand(month, MONTH), MONTH, null);
        BitSet dowSet = expand(dayOfWeek, DAY_OF_WEEK);
        if (dowSet.get(7)) {
            dowSet.set(0); // 7 is Sunday too
        }
        dowSet.clear(7);
        boolean domAll = domSet.cardinality() == 31;
        boolean dowAll = dowSet.cardinality() == 7;
        String prefix = "0 " + m + " " + h + " ";
        String everyDay = prefix + "* " + mon + " ?";
        String byDayOfMonth = prefix + list(domSet, DAY_OF_MONTH, null) + " " + mon + " ?";
        String byDayOfWeek = prefix + "? " + mon + " " + list(dowSet, DAY_OF_WEEK, QUARTZ_DAYS);
        if (dayOfMonth.startsWith("*") || dayOfWeek.startsWith("*")) {
            // crontab (Vixie, cronie): when either day field starts with '*', a day must match both
            if (domAll && dowAll) {
                return List.of(everyDay);
            }
            if (dowAll) {
                return List.of(byDayOfMonth);
            }
            if (domAll) {
                return List.of(byDayOfWeek);
            }
            throw new IllegalArgumentException("day of month '" + dayOfMonth + "' and day of week '" + dayOfWeek
                    + "' together mean \"both must match\" in crontab, which the scheduler cannot express;"
                    + " list the days explicitly (e.g. 1-31/2 instead of */2)");
        }
        if (domAll || dowAll) {
            return List.of(everyDay);
        }
        // both restricted: either may match, one expression for each
        return List.of(byDayOfMonth, byDayOfWeek);
    }

    private static BitSet expand(String text, Field f) {
        BitSet values = new BitSet();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty " + f.name() + " field");
        }
        for (String part : text.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), f, part);
                if (step < 1) {
                    throw new IllegalArgumentException("step must be at least 1 in " + f.name() + " '" + part + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = f.min();
                to = f.name().equals("day of week") ? 6 : f.max();
            } else {
                int dash = range.indexOf('-', 1);
                from = value(dash < 0 ? range : range.substring(0, dash), f, part);
                to = dash < 0 ? (slash >= 0 ? (f.name().equals("day of week") ? 6 : f.max()) : from)
                        : value(range.substring(dash + 1), f, part);
                if (to < from) {
                    throw new IllegalArgumentException("range goes backwards in " + f.name() + " '" + part
                            + "' (write " + to + "-" + from + ", or two ranges)");
                }
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }
        return values;
    }

    private static int value(String token, Field f, String part) {
        if (f.names() != null) {
            String[] names = f.names();
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(token)) {
                    return f.min() + i;
                }
            }
        }
        int v = number(token, f, part);
        if (v < f.min() || v > f.max()) {
            throw new IllegalArgumentException(f.name() + " " + v + " is out of range " + f.min() + "-" + f.max()
                    + (f.names() != null ? " (or " + String.join(", ", f.names()) + ")" : "") + " in '" + part + "'");
        }
        return v;
    }

    private static int number(String token, Field f, String part) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a valid " + f.name()
                    + (f.names() != null ? " (a number " + f.min() + "-" + f.max() + " or one of "
                    + String.join(", ", f.names()) + ")" : " (a number " + f.min() + "-" + f.max() + ")")
                    + " in '" + part + "'", e);
        }
    }

    /** The set as a Quartz field: {@code *} when full, else an explicit list. */
    private static String list(BitSet values, Field f, String[] quartzNames) {
        int max = f.name().equals("day of week") ? 6 : f.max();
        if (values.cardinality() == max - f.min() + 1) {
            return "*";
        }
        StringBuilder out = new StringBuilder();
        for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(quartzNames == null ? String.valueOf(v) : quartzNames[v]);
        }
        return out.toString();
    }
}
