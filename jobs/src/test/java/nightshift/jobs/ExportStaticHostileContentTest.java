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
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());
    @TempDir
    Path tmp;

    ExportStaticHostileContentTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void users(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
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
    void a_run_id_with_slashes_gives_a_staging_directory_beside_the_output() throws Exception {
        try (Session s = store.openSession("editor")) {
            s.create(s.create(s.root(), "fired", Folder.titled("Fired")), "page", Document.of("Page", "body"));
            s.commit(TxInfo.of("editor"));
        }
        Path out = tmp.resolve("fired");
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find("export-static"), "editor",
                "--path", "/fired", "--out", out.toString()).withRunId("entry@2026-01-01T03:00:00Z/2"));
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
}
