package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nightshift.jobs.internal.export.SitePaths;
import nightshift.jobs.internal.export.TreeSwap;
import nightshift.security.Permission;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Link;
import nightshift.store.content.Listing;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * export-static over content a Contributor could write to break it or to trick the site: names too long for a file
 * name, trees too deep for a path, run ids with slashes, scripting URLs, listings that name nodes the exporting user
 * may not see. Tests use their own folders.
 */
@ExtendWith(StoreExtension.class)
class ExportStaticHostileContentTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
    private static final Pattern LOC = Pattern.compile("<loc>([^<]*)</loc>");
    private static final String BASE = "https://example.org/";
    /**
     * Levels of the deep chain: 3,000 already make a path of one segment per level longer than Linux allows (4,096);
     * {@code -Pscale} goes to 10,000 ({@code -Dnightshift.test.depth}).
     */
    private static final int DEPTH = Integer.getInteger("nightshift.test.depth", 3_000);
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());
    @TempDir
    Path tmp;

    ExportStaticHostileContentTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void users(Store store) {
        TestSite.editorAndReader(store);
    }

    private RunResult export(String user, String... args) {
        return JobRunner.create(store).build().run(JobParameters.request(jobs.find("export-static"), user, args));
    }

    private void succeeds(RunResult r) {
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<String> relative(Path dir) throws IOException {
        return files(dir).stream().map(p -> dir.relativize(p).toString()).toList();
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path p : files(dir)) {
            out.put(dir.relativize(p).toString(), Files.readString(p));
        }
        return out;
    }

    /** Every relative link in every page, and every sitemap entry, names a file of the export. */
    private static void linksResolve(Path out) throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : files(out)) {
            if (!page.toString().endsWith(".html")) {
                continue;
            }
            Matcher m = HREF.matcher(Files.readString(page));
            while (m.find()) {
                String href = m.group(1).replace("&amp;", "&");
                if (href.contains(":") || href.startsWith("#")) {
                    continue;
                }
                Path target = page.getParent().resolve(URI.create(href).getPath()).normalize();
                if (!Files.isRegularFile(target)) {
                    broken.add(out.relativize(page) + " -> " + href);
                }
            }
        }
        Matcher m = LOC.matcher(Files.readString(out.resolve("sitemap.xml")));
        while (m.find()) {
            String loc = m.group(1).replace("&amp;", "&");
            assertTrue(loc.startsWith(BASE), loc);
            if (!Files.isRegularFile(out.resolve(URI.create(loc.substring(BASE.length())).getPath()))) {
                broken.add("sitemap -> " + loc);
            }
        }
        assertEquals(List.of(), broken, "links to files the export does not have");
    }

    private static long pages(Path out) throws IOException {
        return files(out).stream().filter(p -> p.toString().endsWith(".html")).count();
    }

    @Test
    void long_names_become_file_names_within_the_file_system_limit_unique_and_stable() throws Exception {
        String accents = "é".repeat(43);
        String letters = "a".repeat(251);
        String fits = "a".repeat(250);
        String sharedA = "b".repeat(254) + "1";
        String sharedB = "b".repeat(254) + "2";
        try (Session s = store.openSession("editor")) {
            Node f = s.create(s.root(), "long", Folder.titled("Long names"));
            s.create(f, accents, Document.of("Accents", "accented"));
            s.create(f, letters, Document.of("Letters", "251 letters"));
            s.create(f, fits, Document.of("Fits", "250 letters"));
            s.create(f, sharedA, Document.of("Shared A", "one"));
            s.create(f, sharedB, Document.of("Shared B", "two"));
            Node folder = s.create(f, "ü".repeat(60), Folder.titled("Umlauts"));
            s.create(folder, "中".repeat(100), Document.of("Han", "deep inside"));
            s.create(f, "box", new Listing("Box", List.of(
                    new Listing.Item("Han", "/long/" + "ü".repeat(60) + "/" + "中".repeat(100), Document.class.getName(), null),
                    new Listing.Item("Accents", "/long/" + accents, Document.class.getName(), null)), Instant.now()));
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("long");
        succeeds(export("editor", "--path", "/long", "--out", out.toString(), "--base-url", BASE));
        for (Path p : files(out)) {
            for (Path part : out.relativize(p)) {
                assertTrue(part.toString().getBytes(StandardCharsets.UTF_8).length <= 255, part.toString());
            }
        }
        assertEquals(9, pages(out), "one page per node: " + relative(out));
        assertTrue(Files.isRegularFile(out.resolve(fits + ".html")), "a name that fits keeps its plain file name");
        assertNotEquals(SitePaths.fileName(sharedA), SitePaths.fileName(sharedB));
        assertNotEquals(SitePaths.fileName(letters), SitePaths.fileName(fits));
        linksResolve(out);
        String index = Files.readString(out.resolve("index.html"));
        for (String title : List.of("Accents", "Letters", "Fits", "Shared A", "Shared B", "Umlauts")) {
            assertTrue(index.contains(">" + title + "</a>"), title + " is listed: " + index);
        }
        String box = Files.readString(out.resolve("box.html"));
        assertTrue(box.contains(">Han</a>") && box.contains(">Accents</a>"), "listing items link to their pages: " + box);

        Path again = tmp.resolve("long-again");
        succeeds(export("editor", "--path", "/long", "--out", again.toString(), "--base-url", BASE));
        assertEquals(contents(out), contents(again), "the same content gives the same files, names and links");
    }

    @Test
    void long_file_names_cannot_collide_with_each_other_or_with_short_names() {
        String longName = "x".repeat(300);
        String shortened = SitePaths.fileName(longName);
        assertTrue(shortened.length() <= 250, shortened);
        assertTrue(shortened.startsWith("x".repeat(200)), "keeps a readable prefix: " + shortened);
        assertEquals(shortened, SitePaths.fileName(longName), "stable");
        // A name that spells out a shortened form is encoded like any other name (its dot escaped).
        assertNotEquals(shortened, SitePaths.fileName(shortened));
        assertEquals(-1, SitePaths.fileName("y".repeat(250)).indexOf('.'));
        // The cut never splits a %XX escape.
        for (int pad = 0; pad < 3; pad++) {
            String name = "z".repeat(pad) + "é".repeat(80);
            String f = SitePaths.fileName(name);
            assertTrue(f.length() <= 250, f);
            assertTrue(f.substring(0, f.indexOf('.')).matches("z*(%C3%A9)*"), f);
        }
    }

    @Test
    void a_chain_of_nested_folders_deeper_than_a_path_can_be_exports_with_every_path_short_enough_to_write() throws Exception {
        int depth = DEPTH;
        try (Session s = store.openSession("editor")) {
            Node at = s.create(s.root(), "deep", Folder.titled("Deep"));
            for (int i = 0; i < depth; i++) {
                at = s.create(at, "n", Folder.titled("Level " + i));
            }
            s.create(at, "bottom", Document.of("Bottom", "the end"));
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("deep");
        succeeds(export("editor", "--path", "/deep", "--out", out.toString(), "--base-url", BASE));
        assertEquals(depth + 2, pages(out));
        for (Path p : files(out)) {
            assertTrue(out.relativize(p).toString().length() < 3000, "a page's path stays short: " + p);
        }
        linksResolve(out);
        assertTrue(files(out).stream().anyMatch(p -> p.getFileName().toString().equals("bottom.html")));
        // Removed here: the temporary directory's own clean-up resolves every directory's real path, slow this deep.
        delete(out);
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void a_run_id_with_slashes_gives_a_staging_directory_beside_the_output() throws Exception {
        try (Session s = store.openSession("editor")) {
            s.create(s.create(s.root(), "fired", Folder.titled("Fired")), "page", Document.of("Page", "body"));
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("fired");
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find("export-static"), "editor",
                "--path", "/fired", "--out", out.toString()).toBuilder().runId("entry@2026-01-01T03:00:00Z/2").build());
        succeeds(r);
        assertTrue(Files.isRegularFile(out.resolve("page.html")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("fired"), s.map(p -> p.getFileName().toString()).toList(), "nothing else left beside it");
        }
    }

    @Test
    void staging_directories_are_safe_and_distinct_for_any_run_id() throws Exception {
        Path target = tmp.resolve("site");
        List<String> ids = List.of("entry@2026-01-01T03:00:00Z/2", "entry@2026-01-01T03:00:00Z_2", "../../escape", "..",
                "a b\tc", "x".repeat(1000), "x".repeat(1001), "20260101-030000-1a2b3c4d");
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            TreeSwap swap = TreeSwap.beside(target, id);
            Path staging = swap.staging();
            assertEquals(tmp.toAbsolutePath().normalize(), staging.getParent(), id);
            String name = staging.getFileName().toString();
            assertTrue(name.startsWith("site.new-") && name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            assertTrue(name.matches("[A-Za-z0-9._~-]+"), name);
            assertTrue(Files.isDirectory(staging));
            names.add(name);
            swap.discard();
        }
        assertEquals(ids.size(), names.stream().distinct().count(), "one directory per run id: " + names);
        assertEquals("site.new-20260101-030000-1a2b3c4d", names.get(ids.size() - 1), "an ordinary run id is kept as it is");
    }

    /** The URL as a browser would see it in an href: entities decoded, tabs and newlines dropped, leading blanks and controls skipped. */
    private static String asBrowserSees(String href) {
        String s = Pattern.compile("&#(x?)([0-9a-fA-F]+);").matcher(href)
                .replaceAll(e -> Matcher.quoteReplacement(Character.toString(Integer.parseInt(e.group(2), e.group(1).isEmpty() ? 10 : 16))))
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replaceAll("[\\t\\n\\r]", "");
        int i = 0;
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        return s.substring(i).toLowerCase(Locale.ROOT);
    }

    @Test
    void link_urls_other_than_http_https_mailto_and_relative_ones_are_not_rendered_as_links() throws Exception {
        List<String> hostile = List.of("javascript:alert(1)", "  JaVaScRiPt:alert(2)", "java\tscript:alert(3)",
                "\u0001\u0002javascript:alert(4)", "\njavascript:alert(5)", "data:text/html,<script>alert(6)</script>",
                "vbscript:msgbox(7)", "JAVASCRIPT:alert(8)", "java\nscript:alert(9)", "javascript&colon;alert(10)",
                "feed:javascript:alert(11)");
        List<String> fine = List.of("https://example.org/a?b=1&c=2", "HTTP://example.org/upper", "mailto:someone@example.org",
                "../relative/page.html", "/absolute/page.html", "?q=only", "#fragment", "//cdn.example.org/x");
        try (Session s = store.openSession("editor")) {
            Node f = s.create(s.root(), "links", Folder.titled("Links"));
            for (int i = 0; i < hostile.size(); i++) {
                s.create(f, "bad-" + i, Link.to("Bad " + i, hostile.get(i)));
            }
            for (int i = 0; i < fine.size(); i++) {
                s.create(f, "good-" + i, Link.to("Good " + i, fine.get(i)));
            }
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("links");
        succeeds(export("editor", "--path", "/links", "--out", out.toString()));
        for (Path page : files(out)) {
            Matcher m = HREF.matcher(Files.readString(page));
            while (m.find()) {
                String seen = asBrowserSees(m.group(1));
                int colon = seen.indexOf(':');
                int slash = seen.replaceAll("[/?#].*", "").length();
                if (colon >= 0 && colon < slash) {
                    String scheme = seen.substring(0, colon);
                    assertTrue(List.of("http", "https", "mailto").contains(scheme), page.getFileName() + ": " + m.group(0));
                }
            }
        }
        for (int i = 0; i < hostile.size(); i++) {
            String page = Files.readString(out.resolve("bad-" + i + ".html"));
            assertTrue(page.contains("Bad " + i), page);
            assertFalse(page.toLowerCase(Locale.ROOT).contains("script:alert"), page);
            assertFalse(page.contains("msgbox") || page.contains("data:"), page);
        }
        assertTrue(Files.readString(out.resolve("good-0.html")).contains("<a href=\"https://example.org/a?b&#61;1&amp;c&#61;2\">"));
        assertTrue(Files.readString(out.resolve("good-1.html")).contains("<a href=\"HTTP://example.org/upper\">"));
        assertTrue(Files.readString(out.resolve("good-2.html")).contains("<a href=\"mailto:someone@example.org\">"));
        assertTrue(Files.readString(out.resolve("good-3.html")).contains("<a href=\"../relative/page.html\">"));
        assertTrue(Files.readString(out.resolve("good-7.html")).contains("<a href=\"//cdn.example.org/x\">"));
    }

    @Test
    void a_listing_shows_only_the_items_the_exporting_user_may_view() throws Exception {
        Instant day = Instant.parse("2026-02-01T00:00:00Z");
        try (Session s = store.openSession("editor")) {
            Node team = s.create(s.root(), "team", Folder.titled("Team"));
            for (int i = 1; i <= 3; i++) {
                s.create(team, "open-" + i, new NewsItem("Open news " + i, "", "", List.of(), day, day.plusSeconds(i), day.plusSeconds(i)));
            }
            Node hidden = s.create(team, "board", Folder.titled("Board room"));
            s.create(hidden, "merger", new NewsItem("Merger with Zenith Corp", "", "", List.of(), day, day.plusSeconds(10), day.plusSeconds(10)));
            s.create(hidden, "memo", new NewsItem("Quarterly memo", "", "", List.of(), day, day.plusSeconds(5), day.plusSeconds(5)));
            s.create(hidden, "shared", new NewsItem("Shared with readers", "", "", List.of(), day, day.plusSeconds(7), day.plusSeconds(7)));
            s.commit(TxInfo.of("editor"));
        }
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        try (Session s = store.openSession()) {
            dir.setPermission(s.get("/team/board"), Role.READER, Permission.VIEW, false);
            dir.setPermission(s.get("/team/board/shared"), Role.READER, Permission.VIEW, true);
        }
        succeeds(JobRunner.create(store).build().run(JobParameters.request(jobs.find("reindex"), "editor", "--path", "/team")));
        succeeds(JobRunner.create(store).build().run(JobParameters.request(jobs.find("build-listing"), "editor",
                "--folder", "/team", "--limit", "20")));
        try (Session s = store.openSession("editor")) {
            // Made by hand: items the catalog does not know, and paths that name nothing.
            s.create(s.get("/team"), "picked", new Listing("Picked", List.of(
                    new Listing.Item("Merger with Zenith Corp", "/team/board/merger", NewsItem.class.getName(), day),
                    new Listing.Item("Quarterly memo", "/team/board/memo", null, null),
                    new Listing.Item("Open news 1", "/team/open-1", NewsItem.class.getName(), null),
                    new Listing.Item("Relative", "team/open-2", null, null),
                    new Listing.Item("Doubled", "/team//open-2", null, null),
                    new Listing.Item("Gone", "/team/no-such-page", null, null)), day));
            s.commit(TxInfo.of("editor"));
        }
        try (Session s = store.openSession()) {
            List<String> listed = s.get("/team/latest").object(Listing.class).items().stream().map(Listing.Item::title).toList();
            assertTrue(listed.contains("Merger with Zenith Corp") && listed.contains("Quarterly memo"), "the editor's listing has them: " + listed);
        }

        Path asEditor = tmp.resolve("team-editor");
        succeeds(export("editor", "--path", "/team", "--out", asEditor.toString(), "--base-url", BASE));
        assertTrue(Files.readString(asEditor.resolve("latest.html")).contains("Merger with Zenith Corp"));

        Path asReader = tmp.resolve("team-reader");
        succeeds(export("reader", "--path", "/team", "--out", asReader.toString(), "--base-url", BASE));
        for (Map.Entry<String, String> e : contents(asReader).entrySet()) {
            for (String secret : List.of("Merger", "Zenith", "merger", "Quarterly", "memo")) {
                assertFalse(e.getValue().contains(secret), secret + " in " + e.getKey() + ": " + e.getValue());
            }
        }
        String latest = Files.readString(asReader.resolve("latest.html"));
        for (int i = 1; i <= 3; i++) {
            assertTrue(latest.contains("<a href=\"open-" + i + ".html\">Open news " + i + "</a>"), latest);
        }
        assertTrue(latest.contains("Shared with readers"), "a node the reader may view is listed: " + latest);
        assertFalse(latest.contains("board/shared.html"), "but not linked, as its folder is not exported for the reader: " + latest);
        String picked = Files.readString(asReader.resolve("picked.html"));
        assertTrue(picked.contains("<a href=\"open-1.html\">Open news 1</a>"), picked);
        assertFalse(picked.contains("Relative") || picked.contains("Doubled") || picked.contains("Gone"),
                "items that name no node are left out: " + picked);
        linksResolve(asReader);
    }

    @Test
    void exporting_the_same_content_twice_gives_identical_files() throws Exception {
        try (Session s = store.openSession("editor")) {
            Node f = s.create(s.root(), "same", Folder.titled("Same"));
            for (int i = 0; i < 30; i++) {
                Node sub = s.create(f, "sub-" + i, Folder.titled("Sub " + i));
                s.create(sub, "doc", Document.of("Doc " + i, "body " + i));
                s.create(f, "page-" + i + " ü", Document.of("Page " + i, "body"));
            }
            s.commit(TxInfo.of("editor"));
        }
        Path first = tmp.resolve("same-1");
        Path second = tmp.resolve("same-2");
        succeeds(export("reader", "--path", "/same", "--out", first.toString()));
        succeeds(export("reader", "--path", "/same", "--out", second.toString()));
        assertEquals(contents(first), contents(second));
        assertEquals(91, pages(first));
    }
}
