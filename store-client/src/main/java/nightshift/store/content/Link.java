package nightshift.store.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;

/** A pointer to another page, here or elsewhere. */
public record Link(String title, String description, String url, Instant created, Instant modified) implements Indexable {
    public Link {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a link needs a url");
        }
    }

    public static Link to(String title, String url) {
        Instant now = Instant.now();
        return new Link(title, "", url, now, now);
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, description, "", List.of(), created, modified, Map.of("url", url));
    }
}
