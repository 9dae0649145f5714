package nightshift.bench;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nightshift.store.content.Document;

/**
 * The plain side of export-static: stream the folder's rows in name order (as the store lists them), decode each with
 * Kryo, render it with the same shipped Mustache template ({@code Document.mustache}) from a plain map, write one file
 * per row and a sitemap line, then the folder's own page listing every child ({@code Folder.mustache}). No store
 * session, no permission checks, no reflection over the record, no swap of directories.
 */
final class ExportRows {
    private static final String TEMPLATES = "nightshift/export/templates/";

    private ExportRows() {
    }

    /** Writes the pages into {@code out} (created); returns how many. */
    static long export(Connection c, Path out, String owner) throws Exception {
        Files.createDirectories(out);
        DefaultMustacheFactory factory = new DefaultMustacheFactory();
        Mustache page = compile(factory, "Document.mustache");
        Mustache index = compile(factory, "Folder.mustache");
        List<Map<String, Object>> children = new ArrayList<>();
        long pages = 0;
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT name, state FROM " + Rows.TABLE
                + " WHERE parent_oid = 1 AND end_tid IS NULL ORDER BY name");
                Writer sitemap = Files.newBufferedWriter(out.resolve("sitemap.xml"), StandardCharsets.UTF_8)) {
            ps.setFetchSize(1_000);
            Rows.binary(ps);
            sitemap.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Document d = Rows.decode(rs.getBytes(2));
                    Map<String, Object> m = new HashMap<>();
                    m.put("title", d.title());
                    m.put("description", d.description());
                    m.put("body", d.body());
                    m.put("tags", d.tags());
                    m.put("modified", d.modified().toString());
                    m.put("owner", owner);
                    m.put("root", "./");
                    m.put("parent", "index.html");
                    try (Writer w = Files.newBufferedWriter(out.resolve(name + ".html"), StandardCharsets.UTF_8)) {
                        page.execute(w, m);
                    }
                    sitemap.write("  <url><loc>http://localhost/" + name + ".html</loc><lastmod>" + d.modified() + "</lastmod></url>\n");
                    children.add(Map.of("title", d.title(), "href", name + ".html", "name", name, "type", "Document"));
                    pages++;
                }
            }
            c.commit();
            try (Writer w = Files.newBufferedWriter(out.resolve("index.html"), StandardCharsets.UTF_8)) {
                index.execute(w, Map.of("title", "folder", "root", "./", "children", children));
            }
            sitemap.write("  <url><loc>http://localhost/index.html</loc></url>\n</urlset>\n");
            pages++;
        } finally {
            c.setAutoCommit(true);
        }
        return pages;
    }

    private static Mustache compile(DefaultMustacheFactory factory, String name) throws Exception {
        try (InputStream in = ExportRows.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
            Bench.check(in != null, "no template " + TEMPLATES + name + " on the class path");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return factory.compile(r, name);
            }
        }
    }

    /** Deletes a directory tree written by an export (between rounds, untimed). */
    static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
