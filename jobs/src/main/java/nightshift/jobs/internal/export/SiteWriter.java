package nightshift.jobs.internal.export;

import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.content.Folder;

/**
 * Renders a subtree, as a session sees it, into a directory: each folder as {@code DIR/index.html} listing its
 * children, each other node as {@code NAME.html}, and a {@code sitemap.xml}. Only folders are descended into.
 */
public final class SiteWriter implements AutoCloseable {
    private final Session session;
    private final Templates templates;
    private final Path out;
    private final String rootPath;
    private final String baseUrl;
    private final Writer sitemap;
    private final Runnable onPage;
    private long pages;

    public SiteWriter(Session session, Templates templates, Path out, String rootPath, String baseUrl, Runnable onPage) throws IOException {
        this.session = session;
        this.templates = templates;
        this.out = out;
        this.rootPath = rootPath;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.onPage = onPage;
        this.sitemap = Files.newBufferedWriter(out.resolve("sitemap.xml"), StandardCharsets.UTF_8);
        sitemap.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    }

    /** Writes the export root (as {@code index.html}) and everything below it. */
    public long writeAll(Node root) throws IOException {
        write(root, List.of(), true);
        return pages;
    }

    /** @param dirs the directory names from the export root to the directory holding this node's page (or its own, for a folder) */
    private void write(Node node, List<String> dirs, boolean exportRoot) throws IOException {
        boolean folder = node.object() instanceof Folder;
        List<String> pageDirs = dirs;
        String file;
        if (exportRoot) {
            file = "index.html";
        } else if (folder) {
            pageDirs = append(dirs, SitePaths.fileName(node.name()));
            file = "index.html";
        } else {
            file = SitePaths.fileName(node.name()) + ".html";
        }
        List<Node> children = folder ? session.children(node).toList() : List.of();
        Map<String, Object> model = model(node, pageDirs, exportRoot, children);
        Path dir = out;
        for (String d : pageDirs) {
            dir = dir.resolve(d);
        }
        Files.createDirectories(dir);
        Mustache template = templates.forType(node.object().getClass());
        try (Writer w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8)) {
            template.execute(w, model);
        }
        sitemap(pageDirs, file, model.get("modified"));
        pages++;
        onPage.run();
        for (Node child : children) {
            write(child, pageDirs, false);
        }
    }

    private Map<String, Object> model(Node node, List<String> pageDirs, boolean exportRoot, List<Node> children) {
        String up = SitePaths.up(pageDirs.size());
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> fieldList = new ArrayList<>();
        PageModel.values(node.object(), p -> hrefOf(p, up)).forEach((k, shown) -> {
            m.put(k, shown);
            if (shown != null) {
                fieldList.add(Map.of("name", k, "value", shown));
            }
        });
        m.put("fields", fieldList);
        m.put("title", PageModel.title(node.object(), node.name()));
        m.put("name", node.name());
        m.put("path", node.path());
        m.put("type", node.object().getClass().getSimpleName());
        m.put("owner", node.owner());
        m.put("root", up.isEmpty() ? "./" : up);
        if (!exportRoot) {
            m.put("parent", node.object() instanceof Folder ? "../index.html" : "index.html");
        }
        List<Map<String, Object>> kids = new ArrayList<>(children.size());
        for (Node c : children) {
            String f = SitePaths.fileName(c.name());
            String href = c.object() instanceof Folder ? SitePaths.href(f) + "/index.html" : SitePaths.href(f) + ".html";
            kids.add(Map.of("title", PageModel.title(c.object(), c.name()), "href", href, "name", c.name(),
                    "type", c.object().getClass().getSimpleName()));
        }
        m.put("children", kids);
        return m;
    }

    /** The link from a page {@code up} below the root to the page of a store path, if that path is exported. */
    private String hrefOf(String path, String up) {
        String prefix = rootPath.equals("/") ? "/" : rootPath + "/";
        if (!path.startsWith(prefix) && !path.equals(rootPath)) {
            return null;
        }
        if (path.equals(rootPath)) {
            return up + "index.html";
        }
        StringBuilder href = new StringBuilder(up);
        String[] names = path.substring(prefix.length()).split("/");
        for (int i = 0; i < names.length - 1; i++) {
            href.append(SitePaths.href(SitePaths.fileName(names[i]))).append('/');
        }
        return href.append(SitePaths.href(SitePaths.fileName(names[names.length - 1]))).append(".html").toString();
    }

    private void sitemap(List<String> dirs, String file, Object modified) throws IOException {
        StringBuilder loc = new StringBuilder(baseUrl);
        for (String d : dirs) {
            loc.append(SitePaths.href(d)).append('/');
        }
        loc.append(file);
        sitemap.write("  <url><loc>" + SitePaths.xml(loc.toString()) + "</loc>");
        if (modified instanceof String s) {
            try {
                sitemap.write("<lastmod>" + Instant.parse(s) + "</lastmod>");
            } catch (java.time.format.DateTimeParseException e) {
                // not an instant: no lastmod
            }
        }
        sitemap.write("</url>\n");
    }

    private static List<String> append(List<String> dirs, String d) {
        List<String> out = new ArrayList<>(dirs);
        out.add(d);
        return out;
    }

    @Override
    public void close() throws IOException {
        sitemap.write("</urlset>\n");
        sitemap.close();
    }
}
