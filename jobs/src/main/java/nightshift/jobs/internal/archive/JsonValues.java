package nightshift.jobs.internal.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Writes an object's fields as natural JSON: strings, numbers and booleans as themselves, enums by constant name,
 * {@code java.time} values, UUIDs, URIs and {@code BigDecimal}s as text (ISO-8601 for time), {@code byte[]} as
 * base64, arrays and collections as arrays, maps as objects, records by component and other classes by field.
 * A nested object whose class is not the field's declared class carries its class name under {@value #TYPE_KEY}.
 *
 * <p>Deterministic: the same object gives the same text in every JVM. Sets and maps whose order is not part of the
 * value (a {@code HashSet}, {@code Set.of}, a {@code HashMap}) are written sorted by their JSON text; a
 * {@code LinkedHashSet}/{@code LinkedHashMap}, a sorted one or a list keeps its order.
 */
final class JsonValues {
    static final String TYPE_KEY = "@type";
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonValues() {
    }

    /** The fields of {@code object} as one JSON object. */
    static void writeFields(JsonGenerator g, Object object) throws IOException {
        writeObject(g, object, object.getClass());
    }

    static void write(JsonGenerator g, Object value, Type declared) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        Class<?> cls = value.getClass();
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Character c) {
            g.writeString(String.valueOf(c));
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                if (value instanceof Float f) {
                    g.writeNumber(f);
                } else {
                    g.writeNumber(d);
                }
            } else {
                g.writeString(value.toString()); // NaN, Infinity, -Infinity: JSON has no number for them
            }
        } else if (cls.isEnum() || (cls.getSuperclass() != null && cls.getSuperclass().isEnum())) {
            g.writeString(((Enum<?>) value).name());
        } else if (TextTypes.isText(cls)) {
            g.writeString(TextTypes.format(value));
        } else if (value instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (cls.isArray()) {
            g.writeStartArray();
            Type element = declared instanceof GenericArrayType ga ? ga.getGenericComponentType() : cls.getComponentType();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                write(g, Array.get(value, i), element);
            }
            g.writeEndArray();
        } else if (value instanceof Collection<?> collection) {
            Type element = typeArgument(declared, 0);
            g.writeStartArray();
            if (value instanceof Set<?> && !(value instanceof SortedSet<?>) && !(value instanceof LinkedHashSet<?>)) {
                List<String> items = new ArrayList<>(collection.size());
                for (Object item : collection) {
                    items.add(text(item, element));
                }
                items.sort(null);
                for (String item : items) {
                    g.writeRawValue(item);
                }
            } else {
                for (Object item : collection) {
                    write(g, item, element);
                }
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            writeMap(g, map, typeArgument(declared, 1));
        } else if (cls.getName().startsWith("java.") && !cls.isRecord()) {
            throw new ArchiveException("a " + cls.getName() + " has no JSON form in the archive (supported: strings, numbers,"
                    + " booleans, enums, java.time values, UUID, URI, BigDecimal, byte[], arrays, collections, maps,"
                    + " records and classes of these)");
        } else {
            writeObject(g, value, declared);
        }
    }

    private static void writeObject(JsonGenerator g, Object value, Type declared) throws IOException {
        Class<?> cls = value.getClass();
        g.writeStartObject();
        if (rawClass(declared) != cls) {
            g.writeStringField(TYPE_KEY, cls.getName());
        }
        for (Fields.Slot slot : Fields.of(cls)) {
            g.writeFieldName(slot.name());
            try {
                write(g, slot.get(value), slot.type());
            } catch (ReflectiveOperationException e) {
                throw new ArchiveException("cannot read field '" + slot.name() + "' of a " + cls.getName() + ": " + e, e);
            }
        }
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> map, Type valueType) throws IOException {
        g.writeStartObject();
        boolean ordered = map instanceof SortedMap<?, ?> || map instanceof LinkedHashMap<?, ?>;
        if (ordered) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(key(e.getKey()));
                write(g, e.getValue(), valueType);
            }
        } else {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sorted.put(key(e.getKey()), e.getValue());
            }
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue(), valueType);
            }
        }
        g.writeEndObject();
    }

    private static String key(Object key) {
        if (key == null) {
            throw new ArchiveException("a map with a null key has no JSON form in the archive");
        }
        if (key instanceof Enum<?> e) {
            return e.name();
        }
        if (key instanceof String || key instanceof Number || key instanceof Boolean || key instanceof Character
                || TextTypes.isText(key.getClass())) {
            return key.toString();
        }
        throw new ArchiveException("a map keyed by " + key.getClass().getName() + " has no JSON form in the archive"
                + " (keys may be strings, numbers, booleans, enums and java.time values)");
    }

    private static String text(Object value, Type declared) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, declared);
        }
        return out.toString();
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType ga) {
            return Array.newInstance(rawClass(ga.getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }
}
