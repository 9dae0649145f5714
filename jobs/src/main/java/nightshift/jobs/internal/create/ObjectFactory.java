package nightshift.jobs.internal.create;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.jobs.BadParameterException;

/**
 * Builds an object of a registered type from named field values: a record through its canonical constructor, an
 * ordinary class through its no-argument constructor and its fields. Fields not given are null (zero for
 * primitives), except two conveniences: a String {@code title} defaults to the node's name, and Instant
 * {@code created} / {@code modified} default to now.
 */
public final class ObjectFactory {
    private ObjectFactory() {
    }

    /** The object; a {@link BadParameterException} naming the field for an unknown field or a bad value. */
    public static Object build(Class<?> type, String name, Map<String, Object> values, Instant now) {
        Map<String, Type> fields = fields(type);
        for (String key : values.keySet()) {
            if (!fields.containsKey(key)) {
                throw new BadParameterException(key, "type " + type.getSimpleName() + " has no field '" + key
                        + "'; its fields: " + String.join(", ", fields.keySet()));
            }
        }
        Map<String, Object> converted = new LinkedHashMap<>();
        fields.forEach((field, fieldType) -> {
            Object value;
            if (values.get(field) != null) {
                value = ValueConverter.convert(field, fieldType, values.get(field));
            } else if (field.equals("title") && fieldType == String.class) {
                value = name;
            } else if ((field.equals("created") || field.equals("modified")) && fieldType == Instant.class) {
                value = now;
            } else {
                value = ValueConverter.convert(field, fieldType, null);
            }
            converted.put(field, value);
        });
        return type.isRecord() ? record(type, converted) : bean(type, converted);
    }

    /** The settable fields of a type, in declaration order, with their generic types. */
    public static Map<String, Type> fields(Class<?> type) {
        Map<String, Type> out = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                out.put(c.getName(), c.getGenericType());
            }
            return out;
        }
        for (Field f : instanceFields(type)) {
            out.put(f.getName(), f.getGenericType());
        }
        return out;
    }

    private static Object record(Class<?> type, Map<String, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = values.get(components[i].getName());
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw refused(type, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(type, e);
        }
    }

    private static Object bean(Class<?> type, Map<String, Object> values) {
        try {
            Constructor<?> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            Object o = ctor.newInstance();
            for (Field f : instanceFields(type)) {
                f.setAccessible(true);
                f.set(o, values.get(f.getName()));
            }
            return o;
        } catch (NoSuchMethodException e) {
            throw new BadParameterException("type", "type " + type.getName()
                    + " is neither a record nor a class with a no-argument constructor, so it cannot be created from fields", e);
        } catch (InvocationTargetException e) {
            throw refused(type, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(type, e);
        }
    }

    private static List<Field> instanceFields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static BadParameterException refused(Class<?> type, Throwable cause) {
        return new BadParameterException("type", "type " + type.getSimpleName() + " refused the values: " + cause, cause);
    }
}
