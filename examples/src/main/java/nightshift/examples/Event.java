package nightshift.examples;

import java.time.LocalDate;
import java.util.List;

/**
 * An application content type: something that happens somewhere from one day to another. Registered through
 * {@link ExampleTypes} (a {@code TypeProvider}), indexed by {@link EventIndexer}, rendered by
 * {@code nightshift/export/templates/Event.mustache}; created like any other type with
 * {@code nightshift run create --type Event --set start=2026-06-01 --set location=Harbour}.
 */
public record Event(String title, String description, LocalDate start, LocalDate end, String location, List<String> tags) {
    public Event {
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        location = location == null ? "" : location;
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("an event cannot end (" + end + ") before it starts (" + start + ")");
        }
    }
}
