package nightshift.store.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nightshift.store.Node;
import nightshift.store.Store;
import nightshift.store.StoreConfigException;
import nightshift.store.catalog.internal.Indexers;
import nightshift.store.catalog.internal.Sql;

/**
 * The store's catalog: search it, and open {@link CatalogBatch}es to change it inside a commit. It knows no users:
 * every node is searchable here (the jobs module's catalog filters hits by View). Thread-safe; one per store.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.of(store);
 * SearchResult r = catalog.search(Query.builder().path("/site").text("harbour").build());
 * }</pre>
 */
public final class Catalog {
    public static final String DEFAULT_TEXT_CONFIG = "simple";
    private static final Pattern CONFIG_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Pattern JSON_PAIR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Store store;
    private final String textConfig;
    private final Indexers indexers;

    private Catalog(Store store, String textConfig, Indexers indexers) {
        this.store = Objects.requireNonNull(store, "store");
        this.textConfig = textConfig;
        this.indexers = indexers;
    }

    /** The catalog with the {@code simple} text configuration and the indexers on this class's class loader. */
    public static Catalog of(Store store) {
        return new Catalog(store, DEFAULT_TEXT_CONFIG, Indexers.load(Catalog.class.getClassLoader()));
    }

    /**
     * The same catalog with another PostgreSQL text search configuration ({@code english}, {@code german}...).
     * Reindex after changing it: rows keep the lexemes they were built with.
     */
    public Catalog withTextConfig(String config) {
        if (config == null || !CONFIG_NAME.matcher(config).matches()) {
            throw new StoreConfigException("text search configuration '" + config + "' is not a configuration name;"
                    + " use one listed by `\\dF` in psql, such as simple or english");
        }
        return new Catalog(store, config, indexers);
    }

    /** The same catalog finding indexers through {@code loader} (application types on another class path). */
    public Catalog withIndexers(ClassLoader loader) {
        return new Catalog(store, textConfig, Indexers.load(loader));
    }

    public String textConfig() {
        return textConfig;
    }

    public Store store() {
        return store;
    }

    /** The node's catalog entry (decodes the object: {@code UnreadableStateException} if it cannot be). */
    public IndexEntry entryFor(Node node) {
        return indexers.entryFor(node);
    }

    /** Prepares catalog changes, to apply with {@link CatalogBatch#commitHook()} in a session's commit. Close it. */
    public CatalogBatch openBatch() {
        return new CatalogBatch(this);
    }

    /** The tid the catalog of this subtree is indexed up to: its own last reindex or an ancestor's, the later. */
    public OptionalLong indexedTid(String path) {
        return Sql.run("reading the catalog state of " + path, () -> {
            try (Connection c = store.dataSource().getConnection()) {
                return indexedTid(c, path);
            }
        });
    }

    /** Every subtree with a catalog state, and the tid it is current to, by path. */
    public java.util.SortedMap<String, Long> indexedSubtrees() {
        return Sql.run("reading the catalog state", () -> {
            java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
            try (Connection c = store.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT path, tid FROM ns_catalog_state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    static OptionalLong indexedTid(Connection c, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(tid) FROM ns_catalog_state WHERE path = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", Sql.selfAndAncestors(path)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long tid = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(tid);
            }
        }
    }

    /** One page of matching catalog rows, every node regardless of who asks. */
    public SearchResult search(Query q) {
        return Sql.run("searching the catalog", () -> {
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                try {
                    long tid = indexedTid(c, q.path()).orElse(0);
                    List<Hit> hits = query(c, q);
                    boolean more = hits.size() > q.limit();
                    return new SearchResult(more ? hits.subList(0, q.limit()) : hits, tid, more);
                } finally {
                    c.rollback();
                }
            }
        });
    }

    private List<Hit> query(Connection c, Query q) throws SQLException {
        boolean text = q.textCriterion().isPresent();
        StringBuilder sql = new StringBuilder("SELECT oid, path, type_name, title, owner, created, modified, tid, extra::text, ")
                .append(text ? "ts_rank_cd(text, websearch_to_tsquery(?::regconfig, ?))" : "0").append(" AS rank FROM ns_catalog WHERE ")
                .append(Sql.subtree("path", q.path()));
        if (!q.types().isEmpty()) {
            sql.append(" AND type_name = ANY(?)");
        }
        if (text) {
            sql.append(" AND text @@ websearch_to_tsquery(?::regconfig, ?)");
        }
        if (q.owner() != null) {
            sql.append(" AND owner = ?");
        }
        if (q.modifiedFrom() != null) {
            sql.append(" AND modified >= ?");
        }
        if (q.modifiedTo() != null) {
            sql.append(" AND modified < ?");
        }
        if (!q.extra().isEmpty()) {
            sql.append(" AND extra @> ?::jsonb");
        }
        sql.append(" ORDER BY ").append(switch (q.sort()) {
            case RELEVANCE -> text ? "rank DESC, path" : "path";
            case PATH -> "path";
            case TITLE -> "title, path";
            case MODIFIED_DESC -> "modified DESC NULLS LAST, path";
            case MODIFIED_ASC -> "modified ASC NULLS LAST, path";
            case CREATED_DESC -> "created DESC NULLS LAST, path";
        }).append(" OFFSET ? LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (text) {
                ps.setString(i++, textConfig);
                ps.setString(i++, q.text());
            }
            i = Sql.bindSubtree(ps, i, q.path());
            if (!q.types().isEmpty()) {
                ps.setArray(i++, c.createArrayOf("text", q.types().toArray()));
            }
            if (text) {
                ps.setString(i++, textConfig);
                ps.setString(i++, q.text());
            }
            if (q.owner() != null) {
                ps.setString(i++, q.owner());
            }
            if (q.modifiedFrom() != null) {
                ps.setTimestamp(i++, Timestamp.from(q.modifiedFrom()));
            }
            if (q.modifiedTo() != null) {
                ps.setTimestamp(i++, Timestamp.from(q.modifiedTo()));
            }
            if (!q.extra().isEmpty()) {
                ps.setString(i++, json(q.extra()));
            }
            ps.setInt(i++, q.offset());
            ps.setInt(i, q.limit() + 1);
            List<Hit> hits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(new Hit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getLong(8), parse(rs.getString(9)),
                            rs.getFloat(10)));
                }
            }
            return hits;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String json(Map<String, String> map) {
        StringBuilder j = new StringBuilder("{");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (j.length() > 1) {
                j.append(',');
            }
            j.append('"').append(escape(e.getKey())).append("\":\"").append(escape(e.getValue())).append('"');
        }
        return j.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** PostgreSQL's text form of a flat jsonb object of strings (all the catalog writes). */
    private static Map<String, String> parse(String json) {
        Map<String, String> map = new TreeMap<>();
        if (json == null) {
            return map;
        }
        Matcher m = JSON_PAIR.matcher(json);
        while (m.find()) {
            map.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return map;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length()) {
                b.append(ch);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
