package nightshift.store.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A catalog search: every given criterion must hold. Build one with {@link #builder()}:
 * <pre>{@code
 * Query q = Query.builder().path("/site/news").types(NewsItem.class).text("harbour")
 *         .modifiedBetween(from, to).sort(Query.Sort.MODIFIED_DESC).limit(10).build();
 * }</pre>
 */
public record Query(Set<String> types, String path, String text, String owner, Instant modifiedFrom,
        Instant modifiedTo, Map<String, String> extra, Sort sort, int offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    /** Result order; {@link #RELEVANCE} needs a text criterion and falls back to {@link #PATH} without one. */
    public enum Sort { RELEVANCE, PATH, TITLE, MODIFIED_DESC, MODIFIED_ASC, CREATED_DESC }

    public Query {
        types = types == null ? Set.of() : Set.copyOf(types);
        path = path == null ? "/" : path;
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("a query path is absolute without a trailing slash, like /site/news; was '" + path + "'");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        sort = sort == null ? (text == null ? Sort.PATH : Sort.RELEVANCE) : sort;
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    public Optional<String> textCriterion() {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** The same query, one page further on. */
    public Query next() {
        return new Query(types, path, text, owner, modifiedFrom, modifiedTo, extra, sort, offset + limit, limit);
    }

    public Query withPage(int newOffset, int newLimit) {
        return new Query(types, path, text, owner, modifiedFrom, modifiedTo, extra, sort, newOffset, newLimit);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Set<String> types = new TreeSet<>();
        private String path = "/";
        private String text;
        private String owner;
        private Instant from;
        private Instant to;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private Sort sort;
        private int offset;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /** Registered class names, as {@code Node.typeName()} gives them. */
        public Builder types(String... names) {
            types.addAll(List.of(names));
            return this;
        }

        public Builder types(Class<?>... classes) {
            for (Class<?> c : classes) {
                types.add(c.getName());
            }
            return this;
        }

        /** The subtree: the node at this path and everything below it. */
        public Builder path(String p) {
            this.path = p;
            return this;
        }

        /** Words to find (web-search syntax: {@code "exact phrase"}, {@code -excluded}, {@code or}). */
        public Builder text(String words) {
            this.text = words;
            return this;
        }

        public Builder owner(String user) {
            this.owner = user;
            return this;
        }

        /** Modified at or after {@code fromInclusive} and before {@code toExclusive}; either may be null. */
        public Builder modifiedBetween(Instant fromInclusive, Instant toExclusive) {
            this.from = fromInclusive;
            this.to = toExclusive;
            return this;
        }

        public Builder extra(String key, String value) {
            extra.put(key, value);
            return this;
        }

        public Builder sort(Sort s) {
            this.sort = s;
            return this;
        }

        public Builder offset(int n) {
            this.offset = n;
            return this;
        }

        public Builder limit(int n) {
            this.limit = n;
            return this;
        }

        public Query build() {
            return new Query(types, path, text, owner, from, to, extra, sort, offset, limit);
        }
    }
}
