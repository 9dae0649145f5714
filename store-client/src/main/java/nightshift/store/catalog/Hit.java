package nightshift.store.catalog;

import java.time.Instant;
import java.util.Map;

/** One catalog row that matched; {@code rank} is the text rank (0 without a text criterion). */
public record Hit(long oid, String path, String typeName, String title, String owner, Instant created,
        Instant modified, long tid, Map<String, String> extra, float rank) {
    public Hit {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
