package nightshift.jobs.internal.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import nightshift.jobs.BadParameterException;

/**
 * Builds objects back from the JSON {@link JsonValues} writes, by the declared (generic) types of their fields:
 * records through their canonical constructor, other classes through a no-argument constructor and their fields.
 * Every mismatch is a {@link BadParameterException} naming the field's path inside the object ({@code
 * items[2].date}) and what was expected.
 */
final class JsonObjects {
    private final Function<String, Class<?>> classes;

    /** @param classes the registered class of a name, or null when this store has none by that name */
    JsonObjects(Function<String, Class<?>> classes) {
        this.classes = classes;
    }

    /** An object of {@code type} from a JSON object of its fields. */
    Object build(Class<?> type, JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            throw bad("fields", "an object of " + type.getSimpleName() + "'s fields");
        }
        return object(type, fields, "");
    }

    private Object read(JsonNode node, Type type, String at) {
        Class<?> cls = JsonValues.rawClass(type);
        if (node == null || node.isNull()) {
            return cls.isPrimitive() ? primitiveZero(cls) : null;
        }
        try {
            if (cls == String.class || cls == CharSequence.class) {
                return text(node, at, "a string");
            }
            if (cls == char.class || cls == Character.class) {
                String s = text(node, at, "a one-character string");
                if (s.length() != 1) {
                    throw bad(at, "a one-character string");
                }
                return s.charAt(0);
            }
            if (cls == boolean.class || cls == Boolean.class) {
                if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
                    return Boolean.parseBoolean(node.textValue()); // a map key
                }
                if (!node.isBoolean()) {
                    throw bad(at, "true or false");
                }
                return node.booleanValue();
            }
            if (cls == int.class || cls == Integer.class) {
                return (int) integral(node, at, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            if (cls == long.class || cls == Long.class) {
                return integral(node, at, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            if (cls == short.class || cls == Short.class) {
                return (short) integral(node, at, Short.MIN_VALUE, Short.MAX_VALUE);
            }
            if (cls == byte.class || cls == Byte.class) {
                return (byte) integral(node, at, Byte.MIN_VALUE, Byte.MAX_VALUE);
            }
            if (cls == double.class || cls == Double.class) {
                return floating(node, at);
            }
            if (cls == float.class || cls == Float.class) {
                return (float) floating(node, at);
            }
            if (cls == BigInteger.class) {
                if (!node.isIntegralNumber()) {
                    throw bad(at, "an integer");
                }
                return node.bigIntegerValue();
            }
            if (cls.isEnum()) {
                String name = text(node, at, "a constant of " + cls.getSimpleName());
                for (Object constant : cls.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(name)) {
                        return constant;
                    }
                }
                throw bad(at, "one of " + java.util.Arrays.toString(cls.getEnumConstants()) + ", not '" + name + "'");
            }
            if (TextTypes.isText(cls)) {
                String s = text(node, at, article(cls.getSimpleName()) + " as text");
                try {
                    return TextTypes.parse(cls, s);
                } catch (RuntimeException e) {
                    throw bad(at, article(cls.getSimpleName()) + " such as " + example(cls) + ", not '" + s + "'");
                }
            }
            if (cls == byte[].class) {
                text(node, at, "base64 text");
                return node.binaryValue();
            }
            if (cls.isArray()) {
                Type element = type instanceof GenericArrayType ga ? ga.getGenericComponentType() : cls.getComponentType();
                List<Object> items = array(node, element, at);
                Object array = Array.newInstance(JsonValues.rawClass(element), items.size());
                for (int i = 0; i < items.size(); i++) {
                    Array.set(array, i, items.get(i));
                }
                return array;
            }
            if (Collection.class.isAssignableFrom(cls)) {
                Collection<Object> target = newCollection(cls, at);
                target.addAll(array(node, JsonValues.typeArgument(type, 0), at));
                return target;
            }
            if (Map.class.isAssignableFrom(cls)) {
                return map(node, cls, JsonValues.typeArgument(type, 0), JsonValues.typeArgument(type, 1), at);
            }
            if (cls == Object.class || cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
                return untyped(node, cls, at);
            }
            if (cls.getName().startsWith("java.") && !cls.isRecord()) {
                throw bad(at, "nothing: a " + cls.getName() + " cannot be read from the archive");
            }
            if (!node.isObject()) {
                throw bad(at, "an object of " + cls.getSimpleName() + "'s fields");
            }
            return object(cls, node, at);
        } catch (IOException e) {
            throw bad(at, "base64 text (" + e.getMessage() + ")");
        }
    }

    private Object untyped(JsonNode node, Class<?> declared, String at) {
        if (node.isObject() && node.has(JsonValues.TYPE_KEY)) {
            return object(declared, node, at);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray() && declared.isAssignableFrom(ArrayList.class)) {
            return array(node, Object.class, at);
        }
        if (node.isObject() && declared.isAssignableFrom(LinkedHashMap.class)) {
            return map(node, LinkedHashMap.class, String.class, Object.class, at);
        }
        throw bad(at, "a " + declared.getSimpleName() + " (an object with its class under \"" + JsonValues.TYPE_KEY + "\")");
    }

    private Object object(Class<?> declared, JsonNode node, String at) {
        Class<?> cls = declared;
        JsonNode typeName = node.get(JsonValues.TYPE_KEY);
        if (typeName != null) {
            cls = classes.apply(typeName.asText());
            if (cls == null) {
                throw new BadParameterException(at, "type " + typeName.asText() + (at.isEmpty() ? "" : " (at " + at + ")")
                        + " is not registered in this store");
            }
            if (!declared.isAssignableFrom(cls)) {
                throw bad(at, "a " + declared.getName() + ", not a " + cls.getName());
            }
        }
        List<Fields.Slot> slots = Fields.of(cls);
        Map<String, Fields.Slot> byName = new LinkedHashMap<>();
        for (Fields.Slot slot : slots) {
            byName.put(slot.name(), slot);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(JsonValues.TYPE_KEY) && !byName.containsKey(name)) {
                throw new BadParameterException(join(at, name), "type " + cls.getSimpleName() + " has no field '" + name
                        + "'" + (at.isEmpty() ? "" : " (at " + at + ")") + "; its fields: " + String.join(", ", byName.keySet()));
            }
        }
        Object[] values = new Object[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Fields.Slot slot = slots.get(i);
            values[i] = read(node.get(slot.name()), slot.type(), join(at, slot.name()));
        }
        return cls.isRecord() ? record(cls, slots, values, at) : bean(cls, slots, values, at);
    }

    private static Object record(Class<?> cls, List<Fields.Slot> slots, Object[] values, String at) {
        Class<?>[] types = new Class<?>[slots.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = slots.get(i).component().getType();
        }
        try {
            Constructor<?> ctor = cls.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw refused(cls, at, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(cls, at, e);
        }
    }

    private static Object bean(Class<?> cls, List<Fields.Slot> slots, Object[] values, String at) {
        try {
            Constructor<?> ctor = cls.getDeclaredConstructor();
            ctor.setAccessible(true);
            Object o = ctor.newInstance();
            for (int i = 0; i < values.length; i++) {
                slots.get(i).field().set(o, values[i]);
            }
            return o;
        } catch (NoSuchMethodException e) {
            throw new BadParameterException(at.isEmpty() ? "type" : at, "type " + cls.getName()
                    + " is neither a record nor a class with a no-argument constructor, so it cannot be rebuilt from fields", e);
        } catch (InvocationTargetException e) {
            throw refused(cls, at, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(cls, at, e);
        }
    }

    private List<Object> array(JsonNode node, Type element, String at) {
        if (!node.isArray()) {
            throw bad(at, "an array");
        }
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(read(node.get(i), element, at + "[" + i + "]"));
        }
        return out;
    }

    private Map<Object, Object> map(JsonNode node, Class<?> cls, Type keyType, Type valueType, String at) {
        if (!node.isObject()) {
            throw bad(at, "an object");
        }
        Map<Object, Object> out = newMap(cls, at);
        Class<?> keyClass = JsonValues.rawClass(keyType);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String where = join(at, e.getKey());
            Object key = keyClass == Object.class || keyClass == String.class ? e.getKey()
                    : read(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), keyClass, where);
            out.put(key, read(e.getValue(), valueType, where));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> newCollection(Class<?> cls, String at) {
        if (cls.isAssignableFrom(ArrayList.class)) {
            return new ArrayList<>();
        }
        if (cls.isAssignableFrom(LinkedHashSet.class)) {
            return new LinkedHashSet<>();
        }
        if (cls.isAssignableFrom(TreeSet.class) && (cls == SortedSet.class || cls == NavigableSet.class || cls == TreeSet.class)) {
            return new TreeSet<>();
        }
        if (!cls.isInterface() && !Modifier.isAbstract(cls.getModifiers())) {
            try {
                return (Collection<Object>) cls.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                // fall through
            }
        }
        if (Set.class.isAssignableFrom(cls) && cls.isAssignableFrom(LinkedHashSet.class)) {
            return new LinkedHashSet<>();
        }
        throw bad(at, "nothing: a " + cls.getName() + " cannot be rebuilt from the archive");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> newMap(Class<?> cls, String at) {
        if (cls.isAssignableFrom(LinkedHashMap.class)) {
            return new LinkedHashMap<>();
        }
        if (cls == SortedMap.class || cls == NavigableMap.class || cls == TreeMap.class) {
            return new TreeMap<>();
        }
        if (!cls.isInterface() && !Modifier.isAbstract(cls.getModifiers())) {
            try {
                return (Map<Object, Object>) cls.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                // fall through
            }
        }
        throw bad(at, "nothing: a " + cls.getName() + " cannot be rebuilt from the archive");
    }

    private static String text(JsonNode node, String at, String expected) {
        if (!node.isTextual()) {
            throw bad(at, expected);
        }
        return node.textValue();
    }

    private static long integral(JsonNode node, String at, long min, long max) {
        if (node.isTextual()) {
            try {
                long v = Long.parseLong(node.textValue().strip()); // a map key, or a hand-edited quoted number
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw bad(at, "an integer from " + min + " to " + max);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw bad(at, "an integer from " + min + " to " + max);
        }
        return node.longValue();
    }

    private static double floating(JsonNode node, String at) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.textValue());
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw bad(at, "a number");
    }

    private static Object primitiveZero(Class<?> cls) {
        return Array.get(Array.newInstance(cls, 1), 0);
    }

    private static String example(Class<?> cls) {
        return switch (cls.getSimpleName()) {
            case "Instant" -> "2026-11-27T09:00:00Z";
            case "LocalDate" -> "2026-11-27";
            case "LocalDateTime" -> "2026-11-27T09:00";
            default -> "its toString() form";
        };
    }

    private static String article(String noun) {
        return ("AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    static BadParameterException bad(String at, String expected) {
        return new BadParameterException(at, "field '" + at + "': expected " + expected);
    }

    private static BadParameterException refused(Class<?> cls, String at, Throwable cause) {
        return new BadParameterException(at.isEmpty() ? "type" : at, "type " + cls.getSimpleName()
                + (at.isEmpty() ? "" : " (at " + at + ")") + " refused the values: " + cause, cause);
    }
}
