package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import nightshift.jobs.internal.export.SitePaths;
import nightshift.security.Permission;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Listing;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** export-static through the runner: pages, links, escaping, View, the swap. Tests use their own folders. */
@ExtendWith(StoreExtension.class)
class ExportStaticJobTest {
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());
    @TempDir
    Path tmp;

    ExportStaticJobTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void setUp(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        try (Session s = store.openSession("editor")) {
            Node site = s.create(s.root(), "site", Folder.titled("My <Site>"));
            s.create(site, "hello", new Document("Fish & <script>alert(1)</script>", "", "a < b && c > d", List.of("x&y"), null, null));
            Node news = s.create(site, "news", Folder.titled("News"));
            Instant day = Instant.parse("2026-03-01T00:00:00Z");
            s.create(news, "launch", new NewsItem("Launch", "", "we launched", List.of(), day, day, day));
            s.create(news, "index", Document.of("A page named index", "no clash"));
            s.create(site, "secret", Folder.titled("Secret"));
            s.create(s.get("/site/secret"), "plans", Document.of("Plans", "hidden"));
            s.create(site, "box", new Listing("Latest", List.of(new Listing.Item("Launch", "/site/news/launch", NewsItem.class.getName(), day),
                    new Listing.Item("Elsewhere", "/other/page", Document.class.getName(), day)), day));
            s.create(s.create(s.root(), "other", Folder.titled("Other")), "page", Document.of("Elsewhere", "outside the export"));
            s.commit(TxInfo.of("editor"));
        }
        try (Session s = store.openSession()) {
            PrincipalDirectory.of(store).setPermission(s.get("/site/secret"), Role.READER, Permission.VIEW, false);
        }
    }

    private RunResult export(String user, String... args) {
        return JobRunner.create(store).build().run(JobParameters.request(jobs.find("export-static"), user, args));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void renders_one_page_per_node_folders_as_index_pages_with_relative_links_and_a_sitemap() throws Exception {
        Path out = tmp.resolve("www");
        RunResult r = export("editor", "--path", "/site", "--out", out.toString(), "--base-url", "https://example.org");
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertTrue(r.tid().isEmpty(), "writes nothing to the store");
        assertEquals(List.of("box.html", "hello.html", "index.html", "news/%69ndex.html", "news/index.html",
                "news/launch.html", "secret/index.html", "secret/plans.html", "sitemap.xml"), files(out));
        String index = read(out.resolve("index.html"));
        assertTrue(index.contains("href=\"news/index.html\"") && index.contains("href=\"hello.html\""), index);
        String launch = read(out.resolve("news/launch.html"));
        assertTrue(launch.contains("href=\"../index.html\""), "relative link to the root: " + launch);
        String news = read(out.resolve("news/index.html"));
        assertTrue(news.contains("href=\"%2569ndex.html\""), "a node named index does not clash with the folder page: " + news);
        String box = read(out.resolve("box.html"));
        assertTrue(box.contains("<a href=\"news/launch.html\">Launch</a>"), "listing items link to their pages: " + box);
        assertTrue(box.contains("Elsewhere") && !box.contains("other/page"), "items outside the export are not linked: " + box);
        String sitemap = read(out.resolve("sitemap.xml"));
        assertTrue(sitemap.contains("<loc>https://example.org/news/launch.html</loc><lastmod>2026-03-01T00:00:00Z</lastmod>"), sitemap);
    }

    @Test
    void html_is_escaped() throws Exception {
        Path out = tmp.resolve("escaped");
        assertEquals(RunStatus.SUCCEEDED, export("editor", "--path", "/site", "--out", out.toString()).status());
        String hello = read(out.resolve("hello.html"));
        assertFalse(hello.contains("<script>"), hello);
        assertTrue(hello.contains("Fish &amp; &lt;script&gt;alert(1)&lt;/script&gt;"), hello);
        assertTrue(hello.contains("a &lt; b &amp;&amp; c &gt; d"), hello);
        assertTrue(hello.contains("x&amp;y"), hello);
        assertTrue(read(out.resolve("index.html")).contains("My &lt;Site&gt;"));
    }

    @Test
    void a_user_without_view_on_a_subtree_gets_no_pages_from_it() throws Exception {
        Path out = tmp.resolve("reader");
        RunResult r = export("reader", "--path", "/site", "--out", out.toString());
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertFalse(Files.exists(out.resolve("secret")), files(out).toString());
        assertFalse(read(out.resolve("index.html")).contains("Secret"));
        assertFalse(read(out.resolve("sitemap.xml")).contains("secret"));
        assertTrue(Files.exists(out.resolve("hello.html")));
    }

    @Test
    void a_second_export_keeps_the_first_as_previous() throws Exception {
        Path out = tmp.resolve("twice");
        assertEquals(RunStatus.SUCCEEDED, export("editor", "--path", "/site/news", "--out", out.toString()).status());
        Files.writeString(out.resolve("marker"), "first");
        assertEquals(RunStatus.SUCCEEDED, export("editor", "--path", "/site/news", "--out", out.toString()).status());
        assertFalse(Files.exists(out.resolve("marker")));
        assertEquals("first", read(tmp.resolve("twice.previous/marker")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("twice", "twice.previous"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging directory left behind");
        }
    }

    @Test
    void the_old_tree_stays_intact_when_rendering_fails_half_way() throws Exception {
        Path out = tmp.resolve("intact");
        assertEquals(RunStatus.SUCCEEDED, export("editor", "--path", "/site", "--out", out.toString()).status());
        List<String> before = files(out);
        String index = read(out.resolve("index.html"));
        // NewsItem's page comes after others have been written; its template does not compile
        Path templates = Files.createDirectory(tmp.resolve("broken-templates"));
        Files.writeString(templates.resolve("NewsItem.mustache"), "{{#unclosed}} broken");
        RunResult r = export("editor", "--path", "/site", "--out", out.toString(), "--templates", templates.toString());
        assertEquals(RunStatus.FAILED, r.status(), r.describe());
        assertEquals(before, files(out));
        assertEquals(index, read(out.resolve("index.html")));
        assertFalse(Files.exists(tmp.resolve("intact.previous")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("intact.new-")), "the half-written tree is removed");
        }
    }

    @Test
    void templates_from_a_directory_override_the_shipped_ones() throws Exception {
        Path templates = Files.createDirectory(tmp.resolve("templates"));
        Files.writeString(templates.resolve("Document.mustache"), "DOC {{title}} by {{owner}}");
        Path out = tmp.resolve("custom");
        assertEquals(RunStatus.SUCCEEDED, export("editor", "--path", "/site", "--out", out.toString(), "--templates", templates.toString()).status());
        assertEquals("DOC Fish &amp; &lt;script&gt;alert(1)&lt;/script&gt; by editor", read(out.resolve("hello.html")));
        assertTrue(read(out.resolve("news/launch.html")).contains("<article class=\"news\">"), "other types keep the shipped template");
    }

    @Test
    void a_dry_run_leaves_the_output_alone() throws Exception {
        Path out = tmp.resolve("dry");
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find("export-static"), "editor",
                "--path", "/site", "--out", out.toString()).toBuilder().dryRun(true).build());
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertFalse(Files.exists(out));
    }

    @Test
    void exports_10000_documents_and_reports_pages_per_second() throws Exception {
        try (Session s = store.openSession("editor")) {
            Node big = s.create(s.root(), "big", Folder.titled("Big"));
            for (int f = 0; f < 10; f++) {
                Node folder = s.create(big, "f" + f, Folder.titled("Folder " + f));
                for (int i = 0; i < 1000; i++) {
                    s.create(folder, "d" + i, Document.of("Document " + i, "Body of document " + i + " with <b>markup</b> & more"));
                }
            }
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("big");
        long t0 = System.nanoTime();
        RunResult r = export("editor", "--path", "/big", "--out", out.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertEquals(10_012, files(out).size(), "10,000 documents, 11 folder pages (10,011 pages), the sitemap");
        System.out.printf("export-static: 10011 pages in %.1f s (%.0f pages/s)%n", seconds, 10_011 / seconds);
    }

    @Test
    void names_become_safe_file_names() {
        assertEquals("a%20b%2Ehtml", SitePaths.fileName("a b.html"));
        assertEquals("%69ndex", SitePaths.fileName("index"));
        assertEquals("caf%C3%A9", SitePaths.fileName("café"));
        assertEquals("a%2520b", SitePaths.href(SitePaths.fileName("a b")));
    }
}
