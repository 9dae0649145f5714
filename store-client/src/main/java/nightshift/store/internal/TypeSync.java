package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import nightshift.store.StoreConfig;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Link;
import nightshift.store.content.Listing;
import nightshift.store.content.NewsItem;
import nightshift.store.spi.TypeProvider;

/**
 * Agrees with the store on type ids: reads {@code ns_type}, adds the classes this client registers that the store
 * has not seen yet, and maps each registered class to its id. Only classes registered here are ever loaded; a class
 * name found only in the table is kept as a name.
 */
final class TypeSync {
    static final List<Class<?>> CONTENT_KIT = List.of(Folder.class, Document.class, NewsItem.class, Link.class,
            Listing.class, Listing.Item.class);

    private TypeSync() {
    }

    static Set<Class<?>> registeredClasses(StoreConfig config) {
        Set<Class<?>> classes = new LinkedHashSet<>(CONTENT_KIT);
        for (TypeProvider provider : ServiceLoader.load(TypeProvider.class, config.classLoader())) {
            classes.addAll(provider.types());
        }
        classes.addAll(config.types());
        return classes;
    }

    static Types sync(Connection c, Set<Class<?>> classes) throws SQLException {
        Map<String, Integer> table = read(c);
        boolean added = false;
        for (Class<?> type : classes) {
            if (!table.containsKey(type.getName())) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ns_type (type_id, class_name)"
                        + " VALUES (nextval('ns_type_id_seq'), ?) ON CONFLICT (class_name) DO NOTHING")) {
                    ps.setString(1, type.getName());
                    ps.executeUpdate();
                }
                added = true;
            }
        }
        if (added) {
            table = read(c);
        }
        Map<Class<?>, Integer> ids = new HashMap<>();
        for (Class<?> type : classes) {
            ids.put(type, table.get(type.getName()));
        }
        Map<Integer, String> names = new HashMap<>();
        table.forEach((name, id) -> names.put(id, name));
        return new Types(ids, names);
    }

    private static Map<String, Integer> read(Connection c) throws SQLException {
        Map<String, Integer> table = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT type_id, class_name FROM ns_type")) {
            while (rs.next()) {
                table.put(rs.getString(2), rs.getInt(1));
            }
        }
        return table;
    }
}
