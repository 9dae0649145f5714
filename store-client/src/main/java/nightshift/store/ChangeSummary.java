package nightshift.store;

import java.util.List;
import java.util.Map;

/**
 * Counts of what a session has staged, and the first few paths of each kind ({@code created}, {@code modified},
 * {@code deleted}, {@code moved}), for a dry run's report.
 */
public record ChangeSummary(long created, long modified, long deleted, long moved, Map<String, List<String>> samples) {
    /** How many paths of each kind {@link Session#changes()} samples. */
    public static final int SAMPLES = 5;

    public ChangeSummary {
        samples = Map.copyOf(samples);
    }

    public ChangeSummary(long created, long modified, long deleted, long moved) {
        this(created, modified, deleted, moved, Map.of());
    }

    public long total() {
        return created + modified + deleted + moved;
    }
}
