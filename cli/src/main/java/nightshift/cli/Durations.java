package nightshift.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them in a crontab line: {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, {@code 1h30m}, or ISO {@code PT30M}. */
public final class Durations implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase();
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + text + "' is not a duration; write it like 90s, 30m, 2h, 7d or 1h30m");
            }
        }
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw new TypeConversionException("'" + text + "' is not a duration; write it like 90s, 30m, 2h, 7d or 1h30m");
        }
        return total;
    }

    /** A short human form: 850ms, 12.3s, 4m05s, 2h10m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
