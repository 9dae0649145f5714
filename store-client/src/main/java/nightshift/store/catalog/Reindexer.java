package nightshift.store.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.StoreException;
import nightshift.store.TypeRegistry;
import nightshift.store.UnreadableStateException;
import nightshift.store.catalog.internal.TreeQueries;

/**
 * Brings the catalog rows of a subtree up to date with the objects, into a {@link CatalogBatch} (so the caller
 * applies the whole change in one commit, or none of it). Full: every node of the subtree is indexed and rows of
 * nodes no longer there are removed. Incremental: only the nodes written since the subtree's recorded tid (found
 * through {@code ns_object}'s tid and end_tid, not by walking the tree); without a recorded tid, or when pack has
 * removed history since it, it runs full.
 * Streams: the walk holds a page of children ({@link TreeWalk}), the incremental run a page of changed oids.
 */
public final class Reindexer {
    public static final int MAX_REPORTED_PATHS = 100;
    private static final int CHANGED_PAGE = 5_000;

    /** What to reindex. {@code types} are class names, full or simple ({@code Document}); empty for all. */
    public record Options(String path, boolean incremental, Set<String> types, boolean strict) {
        public Options {
            path = path == null ? "/" : path;
            types = types == null ? Set.of() : Set.copyOf(types);
        }
    }

    /** Told of each node indexed (to show progress) and of each node skipped as unreadable. */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void indexed(Node node) { }

        default void unreadable(String path, UnreadableStateException e) { }
    }

    private final Catalog catalog;
    private final Session session;
    private final CatalogBatch batch;
    private final Options options;
    private final Listener listener;
    private final TreeQueries queries;
    private Set<String> types;
    private long snapshot;
    private long indexed;
    private long removed;
    private long unreadable;
    private final List<String> unreadablePaths = new ArrayList<>();

    private Reindexer(Catalog catalog, Session session, CatalogBatch batch, Options options, Listener listener) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.session = Objects.requireNonNull(session, "session");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = listener == null ? Listener.NONE : listener;
        this.queries = new TreeQueries(catalog.store().dataSource());
        this.types = resolve(options.types(), catalog.store().types());
    }

    /**
     * Reindexes into {@code batch}, reading through {@code session} (whose snapshot the subtree is then indexed up
     * to). Apply the batch in a commit to make it visible. {@link UnreadableNodesException} under {@code strict}.
     */
    public static ReindexReport run(Catalog catalog, Session session, CatalogBatch batch, Options options, Listener listener) {
        return new Reindexer(catalog, session, batch, options, listener).run();
    }

    private ReindexReport run() {
        Node root = session.get(options.path());
        long snapshot = session.snapshotTid();
        OptionalLong from = options.incremental() ? catalog.indexedTid(options.path()) : OptionalLong.empty();
        if (from.isPresent() && from.getAsLong() < queries.packHorizon()) {
            // Pack removed versions that ended after the catalog's tid: the deletions among them can no longer be
            // found from history, so only a full walk is right.
            from = OptionalLong.empty();
        }
        this.snapshot = snapshot;
        boolean full = from.isEmpty();
        if (full) {
            batch.replaceSubtree(options.path(), types);
            walk(root);
            removed = batch.removals();
        } else {
            incremental(from.getAsLong(), snapshot);
        }
        if (types.isEmpty()) {
            batch.markIndexed(options.path(), snapshot);
        }
        return new ReindexReport(options.path(), full, indexed, removed, unreadable, unreadablePaths, snapshot);
    }

    private void walk(Node top) {
        TreeWalk.walk(session, top, catalog.store(), (node, depth) -> visit(node));
    }

    private boolean hasChildren(Node node) {
        return queries.parentsAmong(new long[] {node.oid()}, session.snapshotTid()).length > 0;
    }

    private void visit(Node node) {
        if (!types.isEmpty() && !types.contains(node.typeName())) {
            return;
        }
        IndexEntry entry;
        try {
            entry = catalog.entryFor(node);
        } catch (UnreadableStateException e) {
            if (options.strict()) {
                throw new UnreadableNodesException(List.of(node.path()), e);
            }
            unreadable++;
            if (unreadablePaths.size() < MAX_REPORTED_PATHS) {
                unreadablePaths.add(node.path());
            }
            listener.unreadable(node.path(), e);
            batch.keep(node.oid());
            return;
        }
        batch.index(node, entry);
        indexed++;
        listener.indexed(node);
    }

    private void incremental(long fromTid, long snapshot) {
        long after = -1;
        while (true) {
            long[] oids = queries.changed(fromTid, snapshot, after, CHANGED_PAGE);
            if (oids.length == 0) {
                return;
            }
            after = oids[oids.length - 1];
            reindexChanged(oids);
        }
    }

    /** Brings the rows of these nodes (sorted oids) up to what the session sees, within the subtree. */
    private void reindexChanged(long[] oids) {
        String root = options.path();
        Map<Long, String> indexedPaths = queries.indexedPaths(oids);
        Map<Long, Node> nodes = session.findAll(oids);
        for (long oid : oids) {
            String was = indexedPaths.get(oid);
            boolean wasHere = was != null && TreeQueries.inSubtree(was, root);
            Node node = nodes.get(oid);
            if (node == null || !TreeQueries.inSubtree(node.path(), root)) {
                if (wasHere) {
                    batch.remove(oid);
                    batch.removeBelow(was);
                    removed++;
                }
                continue;
            }
            boolean moved = was != null && !was.equals(node.path());
            if (moved && hasChildren(node)) {
                batch.removeBelow(was);
                walk(node);
            } else {
                visit(node);
            }
        }
    }

    /**
     * Makes the catalog follow changes the session itself has staged (an undo): every node still there is indexed
     * as the session sees it (as jobs index their own writes, wherever they are), a node the session removed loses
     * its row; applied with the batch in the session's commit. The subtrees' recorded tids do not move.
     */
    public static ReindexReport follow(Catalog catalog, Session session, CatalogBatch batch, long[] oids, Listener listener) {
        Reindexer r = new Reindexer(catalog, session, batch, new Options("/", true, Set.of(), false), listener);
        r.snapshot = session.snapshotTid();
        long[] sorted = oids.clone();
        Arrays.sort(sorted);
        for (int from = 0; from < sorted.length; from += CHANGED_PAGE) {
            long[] page = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + CHANGED_PAGE));
            Map<Long, String> rows = r.queries.indexedPaths(page);
            Map<Long, Node> nodes = session.findAll(page);
            for (long oid : page) {
                String was = rows.get(oid);
                Node node = nodes.get(oid);
                if (node == null) {
                    if (was != null) {
                        batch.remove(oid);
                        r.removed++;
                    }
                } else if (was != null && !was.equals(node.path()) && r.hasChildren(node)) {
                    batch.removeBelow(was);
                    r.walk(node);
                } else {
                    r.visit(node);
                }
            }
        }
        return new ReindexReport("/", false, r.indexed, r.removed, r.unreadable, r.unreadablePaths, r.snapshot);
    }

    /** Full class names of the requested types; an error naming the known ones for a name that matches none. */
    static Set<String> resolve(Set<String> requested, TypeRegistry registry) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : requested) {
            boolean found = false;
            for (String known : registry.types().values()) {
                if (known.equals(t) || known.endsWith("." + t)) {
                    out.add(known);
                    found = true;
                }
            }
            if (!found) {
                Set<String> names = new TreeSet<>();
                registry.types().values().forEach(n -> names.add(n.substring(n.lastIndexOf('.') + 1)));
                throw new StoreException("no registered type '" + t + "'; known types: " + String.join(", ", names));
            }
        }
        return out;
    }
}
