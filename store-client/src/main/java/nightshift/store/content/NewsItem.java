package nightshift.store.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;

/** A dated announcement: a document with the moment it was published. */
public record NewsItem(String title, String description, String body, List<String> tags, Instant published,
        Instant created, Instant modified) implements Indexable {
    public NewsItem {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        body = body == null ? "" : body;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static NewsItem of(String title, String body, Instant published) {
        Instant now = Instant.now();
        return new NewsItem(title, "", body, List.of(), published, now, now);
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, description, body, tags, created, modified,
                published == null ? Map.of() : Map.of("published", published.toString()));
    }
}
