package nightshift.examples;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexer;

/**
 * Describes an {@link Event} to the catalog: its location is searchable text, its dates extra keys
 * ({@code Query.builder().extra("start", "2026-06-01")}), its start day its "created" date for date queries.
 * Listed in {@code META-INF/services/nightshift.store.catalog.Indexer}.
 */
public final class EventIndexer implements Indexer<Event> {
    @Override
    public Class<Event> type() {
        return Event.class;
    }

    @Override
    public IndexEntry entry(Event e) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (e.start() != null) {
            extra.put("start", e.start().toString());
        }
        if (e.end() != null) {
            extra.put("end", e.end().toString());
        }
        extra.put("location", e.location());
        return new IndexEntry(e.title(), e.description(), e.location(), e.tags(),
                e.start() == null ? null : e.start().atStartOfDay(ZoneOffset.UTC).toInstant(), null, extra);
    }
}
