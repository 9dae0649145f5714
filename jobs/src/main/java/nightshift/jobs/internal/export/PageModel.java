package nightshift.jobs.internal.export;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a template sees for one node: {@code title} (the object's, else the name), {@code name}, {@code path},
 * {@code type}, {@code owner}, {@code root} (the relative way up to the export root), every field of the object
 * by its name (records inside become maps, lists stay lists, other values their text), {@code fields} (name/value
 * pairs, for a generic template), and {@code children} (title, href, type) for a folder. A map with a
 * {@code path} inside the export gets an {@code href} to its page. A URL field ({@link SafeUrls#isUrlField}) whose
 * URL is not {@link SafeUrls#allowed} is left out.
 */
public final class PageModel {
    private PageModel() {
    }

    /** The object's fields, by name, in declaration order (records: components; classes: instance fields). */
    public static Map<String, Object> fields(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        try {
            if (o.getClass().isRecord()) {
                for (RecordComponent c : o.getClass().getRecordComponents()) {
                    c.getAccessor().setAccessible(true);
                    out.put(c.getName(), c.getAccessor().invoke(o));
                }
            } else {
                for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                            f.setAccessible(true);
                            out.putIfAbsent(f.getName(), f.get(o));
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the fields of a " + o.getClass().getName() + ": " + e, e);
        }
        return out;
    }

    /** The title of an object: its {@code title} field when it has a non-blank one, else the node name. */
    public static String title(Object o, String name) {
        Object t = fields(o).get("title");
        return t instanceof String s && !s.isBlank() ? s : name;
    }

    /** The object's fields as templates see them, by name: {@link #value} of each, URL fields checked. */
    public static Map<String, Object> values(Object o, Function<String, String> hrefOf) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields(o).forEach((k, v) -> {
            if (shownField(k, v)) {
                out.put(k, value(v, hrefOf));
            }
        });
        return out;
    }

    private static boolean shownField(String name, Object v) {
        return !(v instanceof String s && SafeUrls.isUrlField(name) && !SafeUrls.allowed(s));
    }

    /**
     * A field value as templates see it.
     *
     * @param hrefOf the relative link for a store path, or null when that path is not exported
     */
    public static Object value(Object v, Function<String, String> hrefOf) {
        if (v == null) {
            return null;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object item : c) {
                out.add(value(item, hrefOf));
            }
            return out;
        }
        if (v.getClass().isRecord()) {
            Map<String, Object> m = new LinkedHashMap<>();
            fields(v).forEach((k, x) -> {
                if (shownField(k, x)) {
                    m.put(k, value(x, hrefOf));
                }
            });
            if (m.get("path") instanceof String p) {
                String href = hrefOf.apply(p);
                if (href != null) {
                    m.put("href", href);
                }
            }
            return m;
        }
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                if (!(k instanceof String name) || shownField(name, x)) {
                    m.put(k, x);
                }
            });
            return m;
        }
        return v.toString();
    }
}
