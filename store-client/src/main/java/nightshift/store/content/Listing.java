package nightshift.store.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;

/**
 * A list of items elsewhere in the store, built off-line from the catalog (the "latest news" box): the
 * {@code build-listing} job writes it, templates render it.
 *
 * @param items newest first
 * @param built when the job last changed the items
 */
public record Listing(String title, List<Item> items, Instant built) implements Indexable {
    public Listing {
        title = title == null ? "" : title;
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One listed node: its title, absolute path, type (full class name) and date (last modified). */
    public record Item(String title, String path, String type, Instant date) {
    }

    @Override
    public IndexEntry indexEntry() {
        return new IndexEntry(title, "", "", List.of(), null, built, Map.of());
    }
}
