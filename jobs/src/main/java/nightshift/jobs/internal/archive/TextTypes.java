package nightshift.jobs.internal.archive;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * JDK value types written as their {@code toString()} (ISO-8601 for {@code java.time}) and read back with their
 * parser: the form a person reads, and the same text for the same value.
 */
final class TextTypes {
    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
            Map.entry(Instant.class, Instant::parse),
            Map.entry(LocalDate.class, LocalDate::parse),
            Map.entry(LocalDateTime.class, LocalDateTime::parse),
            Map.entry(LocalTime.class, LocalTime::parse),
            Map.entry(OffsetDateTime.class, OffsetDateTime::parse),
            Map.entry(OffsetTime.class, OffsetTime::parse),
            Map.entry(ZonedDateTime.class, ZonedDateTime::parse),
            Map.entry(Year.class, Year::parse),
            Map.entry(YearMonth.class, YearMonth::parse),
            Map.entry(MonthDay.class, MonthDay::parse),
            Map.entry(Duration.class, Duration::parse),
            Map.entry(Period.class, Period::parse),
            Map.entry(ZoneOffset.class, ZoneOffset::of),
            Map.entry(UUID.class, UUID::fromString),
            Map.entry(URI.class, URI::create),
            Map.entry(java.math.BigDecimal.class, java.math.BigDecimal::new));

    private TextTypes() {
    }

    /** Whether values of this class are written as text. */
    static boolean isText(Class<?> cls) {
        return PARSERS.containsKey(cls) || ZoneId.class.isAssignableFrom(cls);
    }

    /** The value of {@code cls} this text stands for; the parser's exception if it does not parse. */
    static Object parse(Class<?> cls, String text) {
        if (ZoneId.class == cls) {
            return ZoneId.of(text);
        }
        return PARSERS.get(cls).apply(text);
    }

    /** The text written for a value: its {@code toString()}. */
    static String format(Object value) {
        return value.toString();
    }
}
