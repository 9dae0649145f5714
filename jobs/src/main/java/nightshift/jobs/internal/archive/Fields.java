package nightshift.jobs.internal.archive;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of a stored class as the archive sees them: a record's components in order, else the instance fields
 * (not static, transient or synthetic) of the class and its superclasses, the topmost class first, each in
 * declaration order. Computed once per class.
 */
final class Fields {
    /** One field: its name, generic type, and how to read it. */
    record Slot(String name, Type type, Field field, RecordComponent component) {
        Object get(Object o) throws ReflectiveOperationException {
            return component != null ? component.getAccessor().invoke(o) : field.get(o);
        }
    }

    private static final Map<Class<?>, List<Slot>> CACHE = new ConcurrentHashMap<>();

    private Fields() {
    }

    static List<Slot> of(Class<?> type) {
        return CACHE.computeIfAbsent(type, Fields::compute);
    }

    private static List<Slot> compute(Class<?> type) {
        List<Slot> out = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                c.getAccessor().setAccessible(true);
                out.add(new Slot(c.getName(), c.getGenericType(), null, c));
            }
            return List.copyOf(out);
        }
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
                    f.setAccessible(true);
                    out.add(new Slot(f.getName(), f.getGenericType(), f, null));
                }
            }
        }
        return List.copyOf(out);
    }
}
