package nightshift.store.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nightshift.store.TypeRegistry;
import nightshift.store.UnregisteredTypeException;

/** The registry as synchronized with the store: class to id for this client's registered classes, id to name for all. */
final class Types implements TypeRegistry {
    private final Map<Class<?>, Integer> ids;
    private final Map<Integer, Class<?>> classes;
    private final Map<Integer, String> names;

    Types(Map<Class<?>, Integer> ids, Map<Integer, String> names) {
        this.ids = Map.copyOf(ids);
        Map<Integer, Class<?>> byId = new HashMap<>();
        ids.forEach((c, id) -> byId.put(id, c));
        this.classes = Map.copyOf(byId);
        this.names = Collections.unmodifiableMap(new TreeMap<>(names));
    }

    @Override
    public int idOf(Class<?> type) {
        Integer id = ids.get(type);
        if (id == null) {
            throw new UnregisteredTypeException("class " + type.getName() + " is not registered with the store;"
                    + " list it in a nightshift.store.spi.TypeProvider (META-INF/services) or StoreConfig.register()");
        }
        return id;
    }

    @Override
    public Optional<Class<?>> classOf(int typeId) {
        return Optional.ofNullable(classes.get(typeId));
    }

    @Override
    public Optional<String> nameOf(int typeId) {
        return Optional.ofNullable(names.get(typeId));
    }

    @Override
    public Map<Integer, String> types() {
        return names;
    }

    /** The name to show for an id, known to this client or not. */
    String describe(int typeId) {
        return nameOf(typeId).orElse("unknown type id " + typeId);
    }

    Map<Class<?>, Integer> registered() {
        return ids;
    }
}
