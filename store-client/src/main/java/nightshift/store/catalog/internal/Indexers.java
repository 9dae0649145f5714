package nightshift.store.catalog.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import nightshift.store.Node;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;
import nightshift.store.catalog.Indexer;

/** The indexers found through ServiceLoader, and the choice of one per class: Indexable, then the nearest registered class. */
public final class Indexers {
    private final Map<Class<?>, Indexer<?>> registered = new HashMap<>();
    private final Map<Class<?>, Indexer<?>> resolved = new ConcurrentHashMap<>();

    private Indexers() {
    }

    @SuppressWarnings("rawtypes")
    public static Indexers load(ClassLoader loader) {
        Indexers indexers = new Indexers();
        for (Indexer indexer : ServiceLoader.load(Indexer.class, loader)) {
            indexers.registered.put(indexer.type(), indexer);
        }
        return indexers;
    }

    /** The node's entry; decodes the object (an {@code UnreadableStateException} if it cannot be). */
    public IndexEntry entryFor(Node node) {
        Object object = node.object();
        if (object instanceof Indexable indexable) {
            return indexable.indexEntry();
        }
        Indexer<?> indexer = resolved.computeIfAbsent(object.getClass(), this::find);
        return indexer == null ? IndexEntry.titled(node.name()) : apply(indexer, object);
    }

    private Indexer<?> find(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            Indexer<?> i = registered.get(k);
            if (i != null) {
                return i;
            }
            for (Class<?> iface : k.getInterfaces()) {
                Indexer<?> j = registered.get(iface);
                if (j != null) {
                    return j;
                }
            }
        }
        return null;
    }

    private static <T> IndexEntry apply(Indexer<T> indexer, Object object) {
        return indexer.entry(indexer.type().cast(object));
    }
}
