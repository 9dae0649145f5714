package nightshift.store.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;

/** A page of text: the bread and butter of a content site. */
public record Document(String title, String description, String body, List<String> tags, Instant created, Instant modified) implements Indexable {
    public Document {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        body = body == null ? "" : body;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static Document of(String title, String body) {
        Instant now = Instant.now();
        return new Document(title, "", body, List.of(), now, now);
    }

    public Document withTitle(String newTitle) {
        return new Document(newTitle, description, body, tags, created, Instant.now());
    }

    public Document withBody(String newBody) {
        return new Document(title, description, newBody, tags, created, Instant.now());
    }

    public Document withTags(List<String> newTags) {
        return new Document(title, description, body, newTags, created, Instant.now());
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, description, body, tags, created, modified, Map.of());
    }
}
