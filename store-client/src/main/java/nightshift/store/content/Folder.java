package nightshift.store.content;

import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;

/**
 * A container: its children are the content. The root of every store is a Folder.
 *
 * @param allowedTypes the types a job such as {@code create} may add here, by simple or full class name; empty (or
 *     null, as in states written before the component existed) allows every type
 */
public record Folder(String title, String description, List<String> allowedTypes) implements Indexable {
    public Folder {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        allowedTypes = allowedTypes == null ? List.of() : List.copyOf(allowedTypes);
    }

    public Folder(String title, String description) {
        this(title, description, List.of());
    }

    public static Folder titled(String title) {
        return new Folder(title, "");
    }

    public Folder withTitle(String newTitle) {
        return new Folder(newTitle, description, allowedTypes);
    }

    /** This folder restricted to these types (by simple or full class name); none allows every type. */
    public Folder withAllowedTypes(List<String> types) {
        return new Folder(title, description, types);
    }

    /** Whether a child of this class may be added: every type when no restriction is set. */
    public boolean allows(Class<?> type) {
        return allowedTypes.isEmpty() || allowedTypes.contains(type.getName()) || allowedTypes.contains(type.getSimpleName());
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, description, "", List.of(), null, null, Map.of());
    }
}
