package nightshift.store.catalog;

import nightshift.store.catalog.internal.TsvectorText;

/**
 * The full-text vector the catalog keeps for an {@link IndexEntry} (title and tags weighted A, description B, body
 * D), for a tool that fills a table of its own the same way: a comparison, a migration.
 */
public final class Tsvectors {
    private Tsvectors() {
    }

    /**
     * The vector's text form under the {@code simple} configuration, built in the client, or null when only the
     * server can build this one exactly (text other than plain ASCII words): then use {@link #serverExpression}.
     */
    public static String simpleText(IndexEntry entry) {
        return TsvectorText.build(entry);
    }

    /** The SQL expression that builds the vector on the server, from the configuration and the four fields given as SQL. */
    public static String serverExpression(String config, String title, String tags, String description, String body) {
        return String.format(TsvectorText.SERVER_EXPRESSION, config, title, tags, description, body);
    }
}
