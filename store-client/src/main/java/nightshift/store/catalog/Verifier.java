package nightshift.store.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import nightshift.store.NoSuchNodeException;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.UnreadableStateException;
import nightshift.store.UnregisteredTypeException;
import nightshift.store.catalog.internal.Cursors;
import nightshift.store.catalog.internal.Sql;
import nightshift.store.catalog.internal.TreeQueries;

/**
 * Checks a store the way a careful operator would after a crash or a restore, reading only: type ids agree between
 * the objects, the type table and this client; every current node's state decodes, and (unless asked for current
 * versions only) every old version's too, as undo, history and {@code Store.openSessionAt} would read it; every node
 * hangs off the root (no orphans, no cycles); every catalog row of an indexed subtree matches a node and its current
 * version. Catalog rows may be repaired into a {@link CatalogBatch}, applied in the caller's commit.
 *
 * <p>Memory is bounded whatever the store's size or damage: the tree is walked a page at a time ({@link TreeWalk}),
 * and the queries that may return many rows (orphans, rows for no node, old versions) are read through a cursor,
 * each problem told to the listener as it streams; the verifier itself keeps only counts.
 *
 * <p>A node written after its subtree's last reindex (or below a folder moved since) is not a catalog problem but
 * pending work for the next {@code reindex --incremental}; it is counted, not reported.
 */
public final class Verifier {
    /** What is wrong. */
    public enum Kind {
        UNKNOWN_TYPE("unknown type"), UNREADABLE("unreadable state"), UNREADABLE_VERSION("unreadable old version"),
        ORPHAN("orphan"), CYCLE("cycle"),
        CATALOG_MISSING("catalog row missing"), CATALOG_STALE("catalog row stale"), CATALOG_DANGLING("catalog row for no node");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean catalog() {
            return name().startsWith("CATALOG_");
        }
    }

    /** One problem, with the node's oid, path (as far as known), type and the details. */
    public record Problem(Kind kind, long oid, String path, String type, String detail) {
        public String line() {
            return kind.label() + ": oid " + oid + " " + path + (type == null ? "" : " (" + type + ")") + ": " + detail;
        }
    }

    /** Told of each problem as it is found, and of each node checked (for progress). */
    public interface Listener {
        void problem(Problem problem);

        default void checked(Node node) { }
    }

    /**
     * What was checked and found: {@code versions} counts the old versions decoded, {@code repaired} the catalog
     * problems put right in the batch.
     */
    public record Report(String path, long nodes, long versions, long pending, Map<Kind, Long> counts, long repaired) {
        public long problems() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Problems the repair did not cover. */
        public long remaining() {
            return problems() - repaired;
        }

        public String summary() {
            String found = counts.isEmpty() ? "no problems"
                    : counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
            return String.format("verified %s: %,d nodes%s, %s%s%s", path, nodes,
                    versions > 0 ? String.format(" and %,d old versions", versions) : "", found,
                    repaired > 0 ? "; repaired " + repaired + " catalog rows" : "",
                    pending > 0 ? String.format("; %,d nodes changed since their last reindex (run reindex --incremental)", pending) : "");
        }
    }

    private static final int PAGE = 2_000;
    /** Characters of paths a page of walked nodes holds at most (a deep tree has long paths). */
    private static final long PAGE_CHARS = 1L << 20;
    /** Rows the driver holds per fetch of a cursor; fewer where the rows carry states. */
    private static final int FETCH_ROWS = 1_000;
    private static final int FETCH_STATES = 100;

    private final Catalog catalog;
    private final Session session;
    private final String root;
    private final boolean history;
    private final CatalogBatch repair;
    private final Listener listener;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final SortedMap<String, Long> indexed;
    private long nodes;
    private long versions;
    private long pending;
    private long repaired;

    private Verifier(Catalog catalog, Session session, String root, boolean history, CatalogBatch repair, Listener listener) {
        this.catalog = catalog;
        this.session = session;
        this.root = root;
        this.history = history;
        this.repair = repair;
        this.listener = listener;
        this.indexed = catalog.indexedSubtrees();
    }

    /**
     * Verifies the subtree at {@code path} through {@code session} (a store session: it must see every node). With
     * a {@code repair} batch, catalog problems are fixed in it: missing and stale rows indexed again, dangling ones
     * removed. Orphans and cycles are looked for only when the whole store ({@code /}) is verified. Old versions
     * are decoded too: for the whole store every one, for a subtree those of the nodes now in it.
     */
    public static Report run(Catalog catalog, Session session, String path, CatalogBatch repair, Listener listener) {
        return run(catalog, session, path, true, repair, listener);
    }

    /** {@link #run}, decoding old versions only with {@code history} (otherwise current versions only). */
    public static Report run(Catalog catalog, Session session, String path, boolean history, CatalogBatch repair,
            Listener listener) {
        Verifier v = new Verifier(catalog, session, path == null ? "/" : path, history, repair, listener);
        return Sql.run("verifying the store", v::run);
    }

    private Report run() throws SQLException {
        Node top = session.get(root);
        try (Connection c = catalog.store().dataSource().getConnection()) {
            types(c);
            if (root.equals("/")) {
                structure(c);
            }
            walk(c, top);
            dangling(c);
            if (history && root.equals("/")) {
                allOldVersions(c);
            }
        }
        return new Report(root, nodes, versions, pending, counts, repaired);
    }

    private void report(Problem p) {
        counts.merge(p.kind(), 1L, Long::sum);
        listener.problem(p);
    }

    // ---- types

    private void types(Connection c) throws SQLException {
        Map<Integer, String> known = catalog.store().types().types();
        Map<Integer, String> table = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type_id, class_name FROM ns_type"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                table.put(rs.getInt(1), rs.getString(2));
            }
        }
        for (Map.Entry<Integer, String> e : known.entrySet()) {
            String stored = table.get(e.getKey());
            if (stored != null && !stored.equals(e.getValue())) {
                report(new Problem(Kind.UNKNOWN_TYPE, -1, "-", e.getValue(), "this client uses type id " + e.getKey()
                        + " for it, the store's ns_type table names " + stored));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT o.type_id, count(*), min(o.oid) FROM ns_object o"
                + " WHERE o.end_tid IS NULL AND NOT EXISTS (SELECT 1 FROM ns_type t WHERE t.type_id = o.type_id)"
                + " GROUP BY o.type_id ORDER BY 1"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                report(new Problem(Kind.UNKNOWN_TYPE, rs.getLong(3), "-", "type id " + rs.getInt(1), rs.getLong(2)
                        + " current nodes have a type id the ns_type table does not list (restore ns_type from a backup)"));
            }
        }
    }

    // ---- orphans and cycles

    private void structure(Connection c) throws SQLException {
        String sql = "WITH RECURSIVE tree(oid) AS (SELECT 0::bigint UNION ALL SELECT o.oid FROM tree t"
                + " JOIN ns_object o ON o.parent_oid = t.oid AND o.end_tid IS NULL)"
                + " SELECT o.oid, o.parent_oid, o.name, ty.class_name, EXISTS (SELECT 1 FROM ns_object p"
                + "   WHERE p.oid = o.parent_oid AND p.end_tid IS NULL)"
                + " FROM ns_object o LEFT JOIN ns_type ty ON ty.type_id = o.type_id"
                + " WHERE o.end_tid IS NULL AND o.oid <> 0 AND NOT EXISTS (SELECT 1 FROM tree t WHERE t.oid = o.oid)"
                + " ORDER BY o.oid";
        Cursors.stream(c, sql, FETCH_ROWS, ps -> { }, rs -> {
            long oid = rs.getLong(1);
            String where = "?/" + rs.getString(3);
            if (rs.getBoolean(5)) {
                report(new Problem(Kind.CYCLE, oid, where, rs.getString(4), "not reachable from the root: its folder oid "
                        + rs.getLong(2) + " is, through its own ancestors, inside it"));
            } else {
                report(new Problem(Kind.ORPHAN, oid, where, rs.getString(4), "its folder oid " + rs.getLong(2)
                        + " does not exist"));
            }
        });
    }

    // ---- the walk: states and catalog rows

    /** A node met on the walk, with the newest tid on its way from the root (a moved folder moves its subtree). */
    private record Seen(Node node, long newestOnPath, boolean readable) {
    }

    private void walk(Connection c, Node top) throws SQLException {
        List<Seen> page = new ArrayList<>();
        long[] pageChars = {0};
        // newest[d]: the newest tid on the way from the top to the last node seen at depth d
        List<Long> newest = new ArrayList<>();
        SQLException[] failed = {null};
        TreeWalk.walk(session, top, catalog.store(), (node, depth) -> {
            Seen seen = visit(node, depth == 0 ? node.tid() : newest.get(depth - 1));
            if (newest.size() > depth) {
                newest.subList(depth, newest.size()).clear();
            }
            newest.add(seen.newestOnPath());
            page.add(seen);
            pageChars[0] += node.path().length();
            if ((page.size() >= PAGE || pageChars[0] >= PAGE_CHARS) && failed[0] == null) {
                try {
                    checkPage(c, page);
                } catch (SQLException e) {
                    failed[0] = e;
                }
                page.clear();
                pageChars[0] = 0;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        checkPage(c, page);
    }

    private void checkPage(Connection c, List<Seen> page) throws SQLException {
        compare(c, page);
        if (history && !root.equals("/") && !page.isEmpty()) {
            oldVersionsOf(c, page);
        }
    }

    private Seen visit(Node node, long newestAbove) {
        nodes++;
        listener.checked(node);
        boolean readable = true;
        try {
            node.object();
        } catch (UnreadableStateException | UnregisteredTypeException e) {
            readable = false;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            report(new Problem(Kind.UNREADABLE, node.oid(), node.path(), node.typeName(), cause.getClass().getSimpleName()
                    + ": " + cause.getMessage()));
        }
        return new Seen(node, Math.max(newestAbove, node.tid()), readable);
    }

    /** The tid the catalog covering this path is current to, or -1 when no indexed subtree holds it. */
    private long indexedTid(String path) {
        long tid = -1;
        for (Map.Entry<String, Long> e : indexed.entrySet()) {
            if (TreeQueries.inSubtree(path, e.getKey())) {
                tid = Math.max(tid, e.getValue());
            }
        }
        return tid;
    }

    private void compare(Connection c, List<Seen> page) throws SQLException {
        if (indexed.isEmpty() || page.isEmpty()) {
            return;
        }
        long[] oids = page.stream().mapToLong(s -> s.node().oid()).toArray();
        Map<Long, Object[]> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT oid, path, tid FROM ns_catalog WHERE oid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(oids).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getLong(3)});
                }
            }
        }
        for (Seen s : page) {
            Node n = s.node();
            long covered = indexedTid(n.path());
            if (covered < 0 || !s.readable()) {
                continue;
            }
            if (s.newestOnPath() > covered) {
                pending++;
                continue;
            }
            Object[] row = rows.get(n.oid());
            Problem p = null;
            if (row == null) {
                p = new Problem(Kind.CATALOG_MISSING, n.oid(), n.path(), n.typeName(), "indexed up to tid " + covered
                        + " but the node (tid " + n.tid() + ") has no catalog row");
            } else if (!row[0].equals(n.path()) || (long) row[1] != n.tid()) {
                p = new Problem(Kind.CATALOG_STALE, n.oid(), n.path(), n.typeName(), "the catalog row says " + row[0]
                        + " at tid " + row[1] + ", the node is at tid " + n.tid());
            }
            if (p != null) {
                report(p);
                if (repair != null) {
                    repair.index(n);
                    repaired++;
                }
            }
        }
    }

    /** Rows in the subtree whose node is gone, and was not deleted after the row's subtree was last indexed. */
    private void dangling(Connection c) throws SQLException {
        if (indexed.isEmpty()) {
            return;
        }
        String sql = "SELECT c.oid, c.path, c.type_name FROM ns_catalog c WHERE " + Sql.subtree("c.path", root)
                + " AND NOT EXISTS (SELECT 1 FROM ns_object o WHERE o.oid = c.oid AND (o.end_tid IS NULL OR o.end_tid >"
                + " (SELECT coalesce(max(s.tid), 0) FROM ns_catalog_state s WHERE s.path = '/' OR s.path = c.path"
                + "   OR left(c.path, length(s.path) + 1) = s.path || '/')))"
                + " ORDER BY c.oid";
        Cursors.stream(c, sql, FETCH_ROWS, ps -> Sql.bindSubtree(ps, 1, root), rs -> {
            long oid = rs.getLong(1);
            report(new Problem(Kind.CATALOG_DANGLING, oid, rs.getString(2), rs.getString(3),
                    "the catalog lists it, the store has no such node"));
            if (repair != null) {
                repair.remove(oid);
                repaired++;
            }
        });
    }

    // ---- old versions

    private static final String OLD_VERSIONS = "SELECT oid, tid, end_tid, type_id, state FROM ns_object WHERE end_tid IS NOT NULL";

    /** Every old version in the store, in no particular order; the path of a failing one is its node's now, if any. */
    private void allOldVersions(Connection c) throws SQLException {
        Cursors.stream(c, OLD_VERSIONS, FETCH_STATES, ps -> { }, rs -> decode(rs, null));
    }

    /** The old versions of a page of walked nodes. */
    private void oldVersionsOf(Connection c, List<Seen> page) throws SQLException {
        Map<Long, String> paths = new HashMap<>();
        for (Seen s : page) {
            paths.put(s.node().oid(), s.node().path());
        }
        Cursors.stream(c, OLD_VERSIONS + " AND oid = ANY(?) ORDER BY oid, tid", FETCH_STATES,
                ps -> ps.setArray(1, c.createArrayOf("bigint", paths.keySet().toArray())), rs -> decode(rs, paths));
    }

    /** Where the node is now: "(deleted)" if gone, "?" if it hangs off nothing (an orphan, reported as such). */
    private String pathNow(long oid) {
        try {
            return session.find(oid).map(Node::path).orElse("(deleted)");
        } catch (NoSuchNodeException e) {
            return "?";
        }
    }

    private void decode(ResultSet rs, Map<Long, String> paths) throws SQLException {
        long oid = rs.getLong(1);
        long tid = rs.getLong(2);
        int typeId = rs.getInt(4);
        versions++;
        String path = paths != null ? paths.get(oid) : null;
        try {
            catalog.store().decodeState(oid, path == null ? "?" : path, typeId, rs.getBytes(5));
        } catch (UnreadableStateException | UnregisteredTypeException e) {
            if (path == null) {
                path = pathNow(oid);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            report(new Problem(Kind.UNREADABLE_VERSION, oid, path, catalog.store().types().nameOf(typeId)
                    .orElse("type id " + typeId), "the version of tid " + tid + " (replaced at tid " + rs.getLong(3)
                    + ") does not decode: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
    }
}
