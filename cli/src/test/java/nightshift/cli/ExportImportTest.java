package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `export` and `import` through the real entry point: a subtree exported, imported into an empty store (a second
 * database) and exported again gives the same bytes; bad archives change nothing; clashes, --replace, a missing
 * file and a user without Manage.
 */
class ExportImportTest {
    private static final Instant T1 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T09:30:15.123456Z");
    private static CliHarness source;
    private static CliHarness target;
    private static Store sourceStore;
    private static Store targetStore;
    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        source = CliHarness.forNewDatabase("cli-archive-a");
        target = CliHarness.forNewDatabase("cli-archive-b");
        sourceStore = open(source);
        targetStore = open(target);
        try (Session s = sourceStore.openSession()) {
            Node site = s.create(s.root(), "site", new Folder("Site", "the web site", List.of()));
            s.create(site, "about", new Document("About us", "who we are", "Line one\nline \"two\" — ünïcode ✓",
                    List.of("about", "team"), T1, T2));
            s.create(site, "links", new Folder("Links", "", List.of("Link")));
            s.create(site, "news", new Folder("News", "", List.of("NewsItem", "Listing")));
            s.commit(TxInfo.system("setup"));
        }
        try (Session s = sourceStore.openSession("editor")) {
            Node news = s.get("/site/news");
            for (int i = 1; i <= 3; i++) {
                s.create(news, "item-" + i, new NewsItem("Item " + i, "", "body " + i, List.of("news"), T1.plusSeconds(i), T1, T2));
            }
            s.create(news, "latest", new Listing("Latest", List.of(new Listing.Item("Item 3", "/site/news/item-3",
                    NewsItem.class.getName(), T2)), T2));
            s.commit(TxInfo.of("editor"));
        }
        try (Session s = sourceStore.openSession("bob")) {
            Node links = s.get("/site/links");
            s.create(links, "home", new Link("Home", "our home", "https://example.org/", T1, null));
            s.create(s.get("/site"), "empty", new Document("", "", "", List.of(), null, null));
            s.commit(TxInfo.of("bob"));
        }
        try (Session s = sourceStore.openSession()) {
            PrincipalDirectory.of(sourceStore).grantLocal("bob", Role.EDITOR, s.get("/site/news"));
            PrincipalDirectory.of(sourceStore).grantLocal("editor", Role.READER, s.get("/site/news"));
        }
    }

    private static Store open(CliHarness cli) {
        Store.migrate(cli.config());
        Store store = Store.open(cli.config());
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("admin", "Admin");
        dir.grant("admin", Role.MANAGER);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("bob", "Bob");
        dir.grant("bob", Role.CONTRIBUTOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        return store;
    }

    @AfterAll
    static void tearDown() {
        sourceStore.close();
        targetStore.close();
    }

    private Path export(CliHarness cli, String name, String... as) {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("run", "export", "--as", as.length > 0 ? as[0] : "admin", "--path", "/site",
                "--out", out.toString()));
        CliHarness.Result r = cli.run(args.toArray(new String[0]));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void export_import_into_an_empty_store_and_export_again_gives_the_same_bytes() throws IOException {
        Path first = export(source, "first.jsonl");
        CliHarness.Result imported = target.run("store", "import", "--in", first.toString(), "--into", "/site");
        assertEquals(ExitCode.OK, imported.code(), imported.toString());
        CliHarness.Result again = target.run("store", "export", "--path", "/site", "--out", tmp.resolve("second.jsonl").toString());
        assertEquals(ExitCode.OK, again.code(), again.toString());

        assertEquals(Files.readString(first), Files.readString(tmp.resolve("second.jsonl")));
        assertEquals(-1, Files.mismatch(first, tmp.resolve("second.jsonl")));
        List<String> lines = lines(first);
        assertEquals(11, lines.size(), String.join("\n", lines)); // header + 10 nodes
        assertTrue(lines.get(0).startsWith("{\"format\":\"nightshift-archive\",\"version\":1,\"root\":\"/site\""), lines.get(0));
        assertTrue(lines.get(0).contains("nightshift.store.content.Listing$Item"), lines.get(0));
        try (Session s = targetStore.openSession()) {
            assertEquals("editor", s.get("/site/news/item-2").owner());
            assertEquals("bob", s.get("/site/links/home").owner());
            assertEquals(T2, s.get("/site/about", Document.class).modified());
            assertEquals(Map.of("bob", Set.of(Role.EDITOR), "editor", Set.of(Role.READER)),
                    PrincipalDirectory.of(targetStore).localRoles(s.get("/site/news")));
        }
        String item = lines.stream().filter(l -> l.startsWith("{\"path\":\"news/item-1\"")).findFirst().orElseThrow();
        assertTrue(item.contains("\"owner\":\"editor\""), item);
        assertTrue(item.contains("\"published\":\"2026-03-01T08:00:01Z\""), item);
        String news = lines.stream().filter(l -> l.startsWith("{\"path\":\"news\"")).findFirst().orElseThrow();
        assertTrue(news.contains("\"localRoles\":{\"bob\":[\"Editor\"],\"editor\":[\"Reader\"]}"), news);
    }

    @Test
    void a_bad_line_exits_65_naming_the_line_and_imports_nothing() throws IOException {
        List<String> lines = lines(export(source, "good.jsonl"));
        long before = targetStore.lastTid();
        List<String> notJson = new ArrayList<>(lines);
        notJson.set(5, notJson.get(5).substring(0, 40));
        CliHarness.Result r = target.run("store", "import", "--in", write(tmp.resolve("bad.jsonl"), notJson).toString(),
                "--into", "/copy");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("bad.jsonl line 6: not valid JSON"), r.err());
        assertTrue(r.err().contains("nothing was imported"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        List<String> badValue = new ArrayList<>(lines);
        int at = indexOf(badValue, "\"path\":\"news/item-2\"");
        badValue.set(at, badValue.get(at).replace("\"published\":\"2026-03-01T08:00:02Z\"", "\"published\":\"soon\""));
        r = target.run("store", "import", "--in", write(tmp.resolve("value.jsonl"), badValue).toString(), "--into", "/copy");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("line " + (at + 1) + ": 'news/item-2': field 'published'"), r.err());

        List<String> orphan = new ArrayList<>(lines);
        orphan.remove(indexOf(orphan, "\"path\":\"links\""));
        r = target.run("store", "import", "--in", write(tmp.resolve("orphan.jsonl"), orphan).toString(), "--into", "/copy");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("the parent of 'links/home' does not come before it"), r.err());

        assertEquals(before, targetStore.lastTid());
        try (Session s = targetStore.openSession()) {
            assertFalse(s.exists("/copy"));
        }
    }

    @Test
    void an_unknown_type_is_refused_with_65() throws IOException {
        List<String> lines = lines(export(source, "types.jsonl"));
        int at = indexOf(lines, "\"path\":\"about\"");
        lines.set(at, lines.get(at).replace("nightshift.store.content.Document", "com.example.Recipe"));
        CliHarness.Result r = target.run("store", "import", "--in", write(tmp.resolve("unknown.jsonl"), lines).toString(),
                "--into", "/unknown");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("line " + (at + 1) + ": type com.example.Recipe is not registered in this store"), r.err());
        try (Session s = targetStore.openSession()) {
            assertFalse(s.exists("/unknown"));
        }
    }

    @Test
    void a_name_clash_is_refused_and_replace_deletes_the_old_subtree_first() throws IOException {
        Path archive = export(source, "clash.jsonl");
        try (Session s = sourceStore.openSession()) {
            s.create(s.get("/site"), "stray", Document.of("Stray", "not in the archive"));
            s.commit(TxInfo.system("a node the archive does not have"));
        }
        long before = sourceStore.lastTid();
        CliHarness.Result refused = source.run("run", "import", "--as", "admin", "--in", archive.toString(), "--into", "/site");
        assertEquals(ExitCode.DATA, refused.code(), refused.toString());
        assertTrue(refused.err().contains("'/site' already exists"), refused.err());
        assertTrue(refused.err().contains("--replace"), refused.err());
        assertEquals(before, sourceStore.lastTid());

        CliHarness.Result replaced = source.run("run", "import", "--as", "admin", "--in", archive.toString(), "--into", "/site",
                "--replace");
        assertEquals(ExitCode.OK, replaced.code(), replaced.toString());
        try (Session s = sourceStore.openSession()) {
            assertFalse(s.exists("/site/stray"));
            assertEquals("bob", s.get("/site/links/home").owner());
        }
        assertEquals(Files.readString(archive), Files.readString(export(source, "after-replace.jsonl")));
    }

    @Test
    void importing_into_the_root_refuses_top_level_clashes_unless_replace() throws IOException {
        Path archive = tmp.resolve("root.jsonl");
        CliHarness.Result r = source.run("store", "export", "--path", "/", "--out", archive.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        CliHarness fresh = CliHarness.forNewDatabase("cli-archive-root");
        Store store = open(fresh);
        try {
            assertEquals(ExitCode.OK, fresh.run("store", "import", "--in", archive.toString(), "--into", "/").code());
            CliHarness.Result again = fresh.run("store", "import", "--in", archive.toString(), "--into", "/");
            assertEquals(ExitCode.DATA, again.code(), again.toString());
            assertTrue(again.err().contains("'/site' already exists"), again.err());
            assertEquals(ExitCode.OK, fresh.run("store", "import", "--in", archive.toString(), "--into", "/", "--replace").code());
            Path back = tmp.resolve("root-again.jsonl");
            assertEquals(ExitCode.OK, fresh.run("store", "export", "--path", "/", "--out", back.toString()).code());
            assertEquals(Files.readString(archive), Files.readString(back));
        } finally {
            store.close();
        }
    }

    @Test
    void a_missing_archive_exits_66_with_one_line_naming_it() {
        CliHarness.Result r = target.run("run", "import", "--as", "admin", "--in", tmp.resolve("nope.jsonl").toString(),
                "--into", "/nope");
        assertEquals(ExitCode.NO_INPUT, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains("the archive " + tmp.resolve("nope.jsonl") + " (--in) does not exist"), r.err());
        assertFalse(r.err().contains("Exception"), "no Java exception's name: " + r.err());
    }

    @Test
    void a_reader_can_neither_import_nor_export_77() throws IOException {
        Path archive = export(source, "perm.jsonl");
        long before = targetStore.lastTid();
        CliHarness.Result r = target.run("run", "import", "--as", "reader", "--in", archive.toString(), "--into", "/mine");
        assertEquals(ExitCode.NO_PERMISSION, r.code(), r.toString());
        assertEquals(before, targetStore.lastTid());
        CliHarness.Result e = source.run("store", "export", "--as", "reader", "--path", "/site", "--out",
                tmp.resolve("reader.jsonl").toString());
        assertEquals(ExitCode.NO_PERMISSION, e.code(), e.toString());
        assertFalse(Files.exists(tmp.resolve("reader.jsonl")));
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }
}
