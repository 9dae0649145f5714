package nightshift.jobs.internal.export;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a template sees for one node: {@code title} (the object's, else the name), {@code name}, {@code path},
 * {@code type}, {@code owner}, {@code root} (the relative way up to the export root), every field of the object
 * by its name (records inside become maps, lists stay lists, other values their text), {@code fields} (name/value
 * pairs, for a generic template), and {@code children} (title, href, type) for a folder.
 *
 * <p>A record with a {@code path} field refers to another node (a {@code Listing}'s items): it is shown only when
 * the exporting user may view that node, and its map gets an {@code href} when that node's page is in the export.
 * A URL field ({@link SafeUrls#isUrlField}) whose URL is not {@link SafeUrls#allowed} is left out.
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

    /** What a page shows of the nodes its object refers to. */
    public interface References {
        /** Whether the node at {@code path} may be shown. */
        boolean shows(String path);

        /** The relative link to the page of the node at {@code path}, or null when that page is not in the export. */
        String href(String path);
    }

    /** A node a record refers to: its {@code path}, and its {@code type} and {@code date} (or {@code modified}) when the record has them. */
    public record Reference(String path, String type, Instant date) {
    }

    /** The references inside the object's fields, at any depth, in order (a path may come more than once). */
    public static List<Reference> references(Object o) {
        List<Reference> out = new ArrayList<>();
        for (Object v : fields(o).values()) {
            collect(v, out);
        }
        return out;
    }

    private static void collect(Object v, List<Reference> out) {
        if (v instanceof Collection<?> c) {
            for (Object item : c) {
                collect(item, out);
            }
        } else if (v != null && v.getClass().isRecord()) {
            Map<String, Object> f = fields(v);
            if (f.get("path") instanceof String p) {
                Object date = f.get("date") instanceof Instant d ? d : f.get("modified");
                out.add(new Reference(p, f.get("type") instanceof String t ? t : null, date instanceof Instant i ? i : null));
            }
            for (Object x : f.values()) {
                collect(x, out);
            }
        }
    }

    /** The object's fields as templates see them, by name: {@link #value} of each, URL fields checked. */
    public static Map<String, Object> values(Object o, References refs) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields(o).forEach((k, v) -> {
            if (shownField(k, v)) {
                out.put(k, value(v, refs));
            }
        });
        return out;
    }

    private static boolean shownField(String name, Object v) {
        return !(v instanceof String s && SafeUrls.isUrlField(name) && !SafeUrls.allowed(s));
    }

    /** A field value as templates see it; null for a reference that is not shown. */
    public static Object value(Object v, References refs) {
        if (v == null) {
            return null;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object item : c) {
                Object shown = value(item, refs);
                if (shown != null || item == null) {
                    out.add(shown);
                }
            }
            return out;
        }
        if (v.getClass().isRecord()) {
            Map<String, Object> fields = fields(v);
            if (fields.get("path") instanceof String p && !refs.shows(p)) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            fields.forEach((k, x) -> {
                if (shownField(k, x)) {
                    m.put(k, value(x, refs));
                }
            });
            if (m.get("path") instanceof String p) {
                String href = refs.href(p);
                if (href != null) {
                    m.put("href", href);
                } else {
                    m.remove("href");
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
