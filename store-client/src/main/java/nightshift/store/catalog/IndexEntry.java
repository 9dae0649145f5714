package nightshift.store.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node contributes to the catalog: a title, text to search (title and tags weigh most, then the
 * description, then the body), dates, and extra keys to filter on ({@code extra.get("location")}).
 */
public record IndexEntry(String title, String description, String body, List<String> tags, Instant created,
        Instant modified, Map<String, String> extra) {
    public IndexEntry {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        body = body == null ? "" : body;
        tags = tags == null ? List.of() : List.copyOf(tags);
        extra = extra == null ? Map.of() : Map.copyOf(new TreeMap<>(extra));
    }

    /** An entry with only a title (what a node of a type without an indexer gets: its name). */
    public static IndexEntry titled(String title) {
        return new IndexEntry(title, "", "", List.of(), null, null, Map.of());
    }

    public IndexEntry withExtra(Map<String, String> newExtra) {
        return new IndexEntry(title, description, body, tags, created, modified, newExtra);
    }
}
