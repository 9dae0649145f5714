package nightshift.store.content;

import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;
/** A container: its children are the content. The root of every store is a Folder. */
public record Folder(String title, String description) implements Indexable {
    public Folder {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
    }

    public static Folder titled(String title) {
        return new Folder(title, "");
    }

    public Folder withTitle(String newTitle) {
        return new Folder(newTitle, description);
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, description, "", List.of(), null, null, Map.of());
    }
}
