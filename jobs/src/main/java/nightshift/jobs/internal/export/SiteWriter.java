package nightshift.jobs.internal.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.catalog.Catalog;
import nightshift.store.content.Folder;

/**
 * Renders a subtree, as a session sees it, into a directory: each folder as {@code DIR/index.html} listing its
 * children, each other node as {@code NAME.html}, and a {@code sitemap.xml}. Only folders are descended into.
 *
 * <p>Memory does not grow with a folder's size or the tree's depth. A folder's children are read a page at a time:
 * its own page lists them as the template iterates (the first page, then the others read on demand), and the walk
 * goes through them again, from that first page, for their own pages. It walks with a stack of its own, one small
 * entry per level (the folder's oid and directory): walking into a folder drops the rest of the current page, which
 * is read again, after that folder's name, on the way back.
 */
public final class SiteWriter implements AutoCloseable {
    /** Children read per round trip by the walk. */
    private static final int PAGE = Page.DEFAULT_SIZE;
    private static final PageModel.References NO_REFERENCES = new PageModel.References() {
        @Override
        public boolean shows(String path) {
            return false;
        }

        @Override
        public String href(String path) {
            return null;
        }
    };

    private final Session session;
    private final Templates templates;
    private final Path out;
    private final String baseUrl;
    private final Writer sitemap;
    private final Runnable onPage;
    private final ViewableReferences references;
    private long pages;

    /** @param catalog where to find the oids of a listing's items in one search (see {@link ViewableReferences}), or null */
    public SiteWriter(Session session, Catalog catalog, Templates templates, Path out, String rootPath, String baseUrl,
            Runnable onPage) throws IOException {
        this.session = session;
        this.templates = templates;
        this.out = out;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.onPage = onPage;
        this.references = new ViewableReferences(session, catalog, rootPath);
        this.sitemap = Files.newBufferedWriter(out.resolve("sitemap.xml"), StandardCharsets.UTF_8);
        sitemap.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    }

    /** Writes the export root (as {@code index.html}) and everything below it. */
    public long writeAll(Node root) throws IOException {
        if (!(root.object() instanceof Folder)) {
            write(root, SiteDir.ROOT, "index.html", null, null);
            return pages;
        }
        Deque<Walk> walks = new ArrayDeque<>();
        walks.push(new Walk(root, SiteDir.ROOT, null));
        while (!walks.isEmpty()) {
            Walk walk = walks.peek();
            Node child = walk.next();
            if (child == null) {
                walks.pop();
            } else if (child.object() instanceof Folder) {
                SiteDir dir = walk.dir.child(child.name());
                walk.leave(child.name());
                walks.push(new Walk(child, dir, up(dir)));
            } else {
                write(child, walk.dir, SitePaths.fileName(child.name()) + ".html", "index.html", null);
            }
        }
        return pages;
    }

    /** The link from a folder's page to its parent folder's page. */
    private static String up(SiteDir dir) {
        return dir.restarted() ? SitePaths.up(dir.depth()) + dir.parent().link() + "index.html" : "../index.html";
    }

    /**
     * One folder being walked: what is left of the page of children read last, and where to read on. It writes the
     * folder's own page first, whose listing starts with the first page read here and reads the rest as the
     * template goes.
     */
    private final class Walk {
        final SiteDir dir;
        private final long oid;
        private Iterator<Node> page;
        private Optional<Page> next;

        /** @param parent the link to the page above, or null for the export root */
        Walk(Node folder, SiteDir dir, String parent) throws IOException {
            this.dir = dir;
            this.oid = folder.oid();
            ChildPage first = session.children(folder, Page.first(PAGE));
            write(folder, dir, "index.html", parent, listing(folder, first));
            page = first.nodes().iterator();
            next = first.next();
        }

        /** The next child, or null after the last. */
        Node next() {
            while (!page.hasNext()) {
                if (next.isEmpty()) {
                    return null;
                }
                Node folder = session.find(oid).orElseThrow(() -> new IllegalStateException(
                        "folder oid " + oid + " disappeared from the session's snapshot while it was exported"));
                ChildPage p = session.children(folder, next.get());
                page = p.nodes().iterator();
                next = p.next();
            }
            return page.next();
        }

        /** Walking into the child folder {@code name}: drop the page (which holds its nodes) and go on after that name later. */
        void leave(String name) {
            if (page.hasNext()) {
                next = Optional.of(new Page(name, PAGE));
            }
            page = Collections.emptyIterator();
        }
    }

    /**
     * @param parent the link to the page above, or null for the export root
     * @param children a folder's children, or null
     */
    private void write(Node node, SiteDir dir, String file, String parent, Iterable<Node> children) throws IOException {
        Map<String, Object> model = model(node, dir, parent, children);
        Path target = out;
        for (String d : dir.files()) {
            target = target.resolve(d);
        }
        if (file.equals("index.html")) {
            Files.createDirectories(target);
        }
        try (Writer w = Files.newBufferedWriter(target.resolve(file), StandardCharsets.UTF_8)) {
            templates.forType(node.object().getClass()).execute(w, model);
        }
        sitemap(dir, file, model.get("modified"));
        pages++;
        onPage.run();
    }

    private Map<String, Object> model(Node node, SiteDir dir, String parent, Iterable<Node> children) {
        String up = SitePaths.up(dir.depth());
        Object object = node.object();
        List<PageModel.Reference> refs = PageModel.references(object);
        PageModel.References shown = refs.isEmpty() ? NO_REFERENCES : references.resolve(refs, dir);
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> fieldList = new ArrayList<>();
        PageModel.values(object, shown).forEach((k, shownValue) -> {
            m.put(k, shownValue);
            if (shownValue != null) {
                fieldList.add(Map.of("name", k, "value", shownValue));
            }
        });
        m.put("fields", fieldList);
        m.put("title", PageModel.title(object, node.name()));
        m.put("name", node.name());
        m.put("path", node.path());
        m.put("type", object.getClass().getSimpleName());
        m.put("owner", node.owner());
        m.put("root", up.isEmpty() ? "./" : up);
        if (parent != null) {
            m.put("parent", parent);
        }
        m.put("children", children == null ? List.of() : listed(children, dir));
        return m;
    }

    private static Iterable<Map<String, Object>> listed(Iterable<Node> children, SiteDir dir) {
        return () -> new Mapped(children.iterator(), dir);
    }

    /**
     * A folder's children as its page lists them: the first page already read, then page by page as the template
     * iterates, never all at once.
     */
    private Iterable<Node> listing(Node folder, ChildPage first) {
        return () -> new Iterator<>() {
            private Iterator<Node> page = first.nodes().iterator();
            private Optional<Page> next = first.next();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next.isPresent()) {
                    ChildPage p = session.children(folder, next.get());
                    page = p.nodes().iterator();
                    next = p.next();
                }
                return page.hasNext();
            }

            @Override
            public Node next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    /** Each child as a folder's template sees it. */
    private record Mapped(Iterator<Node> nodes, SiteDir dir) implements Iterator<Map<String, Object>> {
        @Override
        public boolean hasNext() {
            return nodes.hasNext();
        }

        @Override
        public Map<String, Object> next() {
            return child(nodes.next(), dir);
        }
    }

    private static Map<String, Object> child(Node c, SiteDir dir) {
        String href;
        if (c.object() instanceof Folder) {
            SiteDir d = dir.child(c.name());
            href = d.restarted() ? SitePaths.up(dir.depth()) + d.link() + "index.html" : d.ownLink() + "/index.html";
        } else {
            href = SitePaths.href(SitePaths.fileName(c.name())) + ".html";
        }
        return Map.of("title", PageModel.title(c.object(), c.name()), "href", href, "name", c.name(),
                "type", c.object().getClass().getSimpleName());
    }

    private void sitemap(SiteDir dir, String file, Object modified) throws IOException {
        String loc = baseUrl + dir.link() + SitePaths.href(file);
        sitemap.write("  <url><loc>" + SitePaths.xml(loc) + "</loc>");
        if (modified instanceof String s) {
            try {
                sitemap.write("<lastmod>" + Instant.parse(s) + "</lastmod>");
            } catch (java.time.format.DateTimeParseException e) {
                // not an instant: no lastmod
            }
        }
        sitemap.write("</url>\n");
    }

    @Override
    public void close() throws IOException {
        sitemap.write("</urlset>\n");
        sitemap.close();
    }
}
