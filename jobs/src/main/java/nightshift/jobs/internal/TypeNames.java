package nightshift.jobs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nightshift.jobs.BadParameterException;
import nightshift.store.TypeRegistry;

/** Registered types named on a job's command line by simple or full class name. */
final class TypeNames {
    private TypeNames() {
    }

    /** The registered class named by its full or simple name; a {@link BadParameterException} listing the known types otherwise. */
    static Class<?> resolve(TypeRegistry registry, String typeName) {
        List<Class<?>> found = new ArrayList<>();
        registry.types().forEach((id, full) -> {
            if (full.equals(typeName) || simple(full).equals(typeName)) {
                registry.classOf(id).ifPresent(found::add);
            }
        });
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new BadParameterException("type", "no registered type '" + typeName + "'; known types: " + String.join(", ", known(registry)));
        }
        throw new BadParameterException("type", "type '" + typeName + "' is ambiguous: "
                + found.stream().map(Class::getName).toList() + "; give the full class name");
    }

    /** The full class names for these names (the catalog's type names). */
    static Set<String> fullNames(TypeRegistry registry, List<String> names) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(resolve(registry, n.strip()).getName());
        }
        return out;
    }

    private static Set<String> known(TypeRegistry registry) {
        Set<String> known = new TreeSet<>();
        registry.types().values().forEach(full -> known.add(simple(full)));
        return known;
    }

    private static String simple(String full) {
        return full.substring(full.lastIndexOf('.') + 1);
    }
}
