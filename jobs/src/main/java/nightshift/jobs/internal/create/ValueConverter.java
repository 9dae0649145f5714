package nightshift.jobs.internal.create;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nightshift.jobs.BadParameterException;

/**
 * Converts a text value (or, from JSON, a list of texts) to a field's Java type: strings, the primitive numbers and
 * booleans and their boxes, {@link Instant} / {@link LocalDate} / {@link LocalDateTime} in ISO-8601, enums by
 * constant name, and lists or sets of any of these (comma-separated in text).
 */
public final class ValueConverter {
    private ValueConverter() {
    }

    /**
     * The value for {@code field} of type {@code type}; {@code raw} is a String, a List of Strings, or null.
     * A {@link BadParameterException} naming the field for a value that does not convert.
     */
    public static Object convert(String field, Type type, Object raw) {
        if (raw == null) {
            return defaultFor(type);
        }
        Class<?> cls = rawClass(type);
        if (Collection.class.isAssignableFrom(cls)) {
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
            List<String> items = raw instanceof List<?> list ? texts(list) : split((String) raw);
            List<Object> out = new ArrayList<>(items.size());
            for (String item : items) {
                out.add(convert(field, element, item));
            }
            if (Set.class.isAssignableFrom(cls)) {
                return new LinkedHashSet<>(out);
            }
            if (cls.isAssignableFrom(List.class)) {
                return out;
            }
            throw unsupported(field, type);
        }
        if (raw instanceof List<?>) {
            throw new BadParameterException(field, "field '" + field + "' takes one " + cls.getSimpleName() + ", not a list");
        }
        return scalar(field, type, cls, (String) raw);
    }

    private static Object scalar(String field, Type type, Class<?> cls, String text) {
        try {
            if (cls == String.class || cls == Object.class || cls == CharSequence.class) {
                return text;
            }
            String t = text.strip();
            if (cls == int.class || cls == Integer.class) {
                return Integer.parseInt(t);
            }
            if (cls == long.class || cls == Long.class) {
                return Long.parseLong(t);
            }
            if (cls == double.class || cls == Double.class) {
                return Double.parseDouble(t);
            }
            if (cls == float.class || cls == Float.class) {
                return Float.parseFloat(t);
            }
            if (cls == boolean.class || cls == Boolean.class) {
                if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(t);
                }
                throw bad(field, cls, text, "true or false");
            }
            if (cls == Instant.class) {
                return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
            }
            if (cls == LocalDate.class) {
                return LocalDate.parse(t);
            }
            if (cls == LocalDateTime.class) {
                return LocalDateTime.parse(t);
            }
            if (cls.isEnum()) {
                for (Object constant : cls.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(t)) {
                        return constant;
                    }
                }
                throw bad(field, cls, text, "one of " + Arrays.toString(cls.getEnumConstants()));
            }
        } catch (NumberFormatException e) {
            throw new BadParameterException(field, message(field, cls, text, "a number"), e);
        } catch (DateTimeException e) {
            throw new BadParameterException(field, message(field, cls, text,
                    cls == Instant.class ? "an ISO-8601 instant such as 2024-05-01T12:00:00Z or a date such as 2024-05-01"
                            : "an ISO-8601 value such as " + (cls == LocalDate.class ? "2024-05-01" : "2024-05-01T12:00")), e);
        }
        throw unsupported(field, type);
    }

    private static Object defaultFor(Type type) {
        Class<?> cls = rawClass(type);
        if (!cls.isPrimitive()) {
            return null;
        }
        if (cls == boolean.class) {
            return false;
        }
        if (cls == int.class) {
            return 0;
        }
        if (cls == long.class) {
            return 0L;
        }
        if (cls == double.class) {
            return 0d;
        }
        if (cls == float.class) {
            return 0f;
        }
        if (cls == short.class) {
            return (short) 0;
        }
        if (cls == byte.class) {
            return (byte) 0;
        }
        return '\0';
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            out.add(part.strip());
        }
        return out;
    }

    private static List<String> texts(List<?> list) {
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o == null ? null : o.toString());
        }
        return out;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static BadParameterException bad(String field, Class<?> cls, String text, String expected) {
        return new BadParameterException(field, message(field, cls, text, expected));
    }

    private static String message(String field, Class<?> cls, String text, String expected) {
        return "field '" + field + "' (" + cls.getSimpleName() + "): cannot use '" + text + "'; expected " + expected;
    }

    private static BadParameterException unsupported(String field, Type type) {
        return new BadParameterException(field, "field '" + field + "' is a " + type.getTypeName()
                + ", which cannot be set from text (strings, numbers, booleans, ISO-8601 dates, enums and lists of these can)");
    }
}
