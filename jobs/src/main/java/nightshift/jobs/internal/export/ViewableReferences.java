package nightshift.jobs.internal.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nightshift.store.InvalidNameException;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.content.Folder;

/**
 * Which of the nodes a page refers to ({@link PageModel#references}) the exporting session may view, and the links
 * to those whose pages are in the export. Every answer comes from the session, so a user sees in a listing only
 * what the session would show them anywhere else.
 *
 * <p>A listing may be long, so its items are not looked up one round trip each: items that carry their type and
 * date (as {@code build-listing} writes them, from the catalog) are found in the catalog by one search over their
 * common folder and date range, which gives their oids, and one {@link Session#findAll} keeps those the user may
 * view. The catalog only proposes: an item is shown when the session finds a node it may view at the item's path.
 * What the catalog does not place (an item written by hand, a catalog not yet reindexed, a node the user may not
 * view) is looked up by its path.
 */
final class ViewableReferences {
    /** What the session shows at a path. */
    private enum Seen { NOTHING, NODE, FOLDER }

    private final Session session;
    private final Catalog catalog;
    private final String rootPath;

    /** @param catalog where to find many references' oids at once, or null to look each up by path */
    ViewableReferences(Session session, Catalog catalog, String rootPath) {
        this.session = session;
        this.catalog = catalog;
        this.rootPath = rootPath;
    }

    /** What a page in directory {@code from} shows of {@code refs}. */
    PageModel.References resolve(List<PageModel.Reference> refs, SiteDir from) {
        Map<String, Seen> viewable = new HashMap<>();
        List<PageModel.Reference> dated = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        for (PageModel.Reference r : refs) {
            if (paths.add(r.path()) && catalog != null && r.type() != null && r.date() != null && plain(r.path())) {
                dated.add(r);
            }
        }
        if (!dated.isEmpty()) {
            fromCatalog(dated, viewable);
        }
        for (String p : paths) {
            viewable.computeIfAbsent(p, this::lookUp);
        }
        return new PageModel.References() {
            @Override
            public boolean shows(String path) {
                return viewable.getOrDefault(path, Seen.NOTHING) != Seen.NOTHING;
            }

            @Override
            public String href(String path) {
                return link(path, viewable, from);
            }
        };
    }

    /** What the session shows at {@code path}: nothing there, a node the user may not view, and no valid path look alike. */
    private Seen lookUp(String path) {
        try {
            return session.exists(path) ? seen(session.get(path)) : Seen.NOTHING;
        } catch (InvalidNameException e) {
            return Seen.NOTHING;
        }
    }

    private static Seen seen(Node node) {
        return node.is(Folder.class) ? Seen.FOLDER : Seen.NODE;
    }

    private void fromCatalog(List<PageModel.Reference> dated, Map<String, Seen> viewable) {
        Set<String> wanted = new LinkedHashSet<>();
        Set<String> types = new TreeSet<>();
        Instant from = null;
        Instant to = null;
        String common = null;
        for (PageModel.Reference r : dated) {
            wanted.add(r.path());
            types.add(r.type());
            Instant d = r.date().truncatedTo(ChronoUnit.MICROS);
            from = from == null || d.isBefore(from) ? d : from;
            to = to == null || d.isAfter(to) ? d : to;
            String folder = parentOf(r.path());
            common = common == null ? folder : commonAncestor(common, folder);
        }
        Query q = Query.builder().path(common).types(types.toArray(new String[0]))
                .modifiedBetween(from, to.plus(1, ChronoUnit.MICROS)).sort(Query.Sort.MODIFIED_DESC)
                .limit(Math.min(Query.MAX_LIMIT, 2 * wanted.size() + 50)).build();
        Map<Long, String> candidates = new LinkedHashMap<>();
        for (Hit hit : catalog.search(q).hits()) {
            if (wanted.contains(hit.path())) {
                candidates.put(hit.oid(), hit.path());
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        long[] oids = candidates.keySet().stream().mapToLong(Long::longValue).toArray();
        session.findAll(oids).forEach((oid, node) -> {
            if (node.path().equals(candidates.get(oid))) {
                viewable.put(node.path(), seen(node));
            }
        });
    }

    /**
     * The link from a page in {@code from} to the page of the node at {@code path}: only for a node the session
     * shows, inside the export root, below folders the session shows (the walk writes no page elsewhere).
     */
    private String link(String path, Map<String, Seen> viewable, SiteDir from) {
        Seen target = viewable.getOrDefault(path, Seen.NOTHING);
        if (target == Seen.NOTHING) {
            return null;
        }
        String up = SitePaths.up(from.depth());
        if (path.equals(rootPath)) {
            return up + "index.html";
        }
        String prefix = rootPath.equals("/") ? "/" : rootPath + "/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        String[] names = path.substring(prefix.length()).split("/", -1);
        SiteDir dir = SiteDir.ROOT;
        String at = rootPath.equals("/") ? "" : rootPath;
        for (int i = 0; i < names.length - 1; i++) {
            at = at + "/" + names[i];
            if (viewable.computeIfAbsent(at, this::lookUp) != Seen.FOLDER) {
                return null;
            }
            dir = dir.child(names[i]);
        }
        String last = names[names.length - 1];
        if (target == Seen.FOLDER) {
            return up + dir.child(last).link() + "index.html";
        }
        return up + dir.link() + SitePaths.href(SitePaths.fileName(last)) + ".html";
    }

    /** Whether a path is absolute with no empty segment, as a catalog query takes it. */
    private static boolean plain(String path) {
        return path.startsWith("/") && !path.contains("//") && (path.length() == 1 || !path.endsWith("/"));
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The deepest folder path that is {@code a} or above it and {@code b} or above it. */
    private static String commonAncestor(String a, String b) {
        String common = a;
        while (!(b.equals(common) || b.startsWith(common.equals("/") ? "/" : common + "/"))) {
            common = parentOf(common);
        }
        return common;
    }
}
