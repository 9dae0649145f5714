package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.NewsItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in examples/ (type, job, scripts, crontab) run through the nightshift command on a test store, with
 * the examples jar loaded as a user loads it: {@code --lib examples/target}.
 */
class ExamplesEndToEndTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String LIB = ExamplesJar.directory().toString();
    /** What --lib gives the command, for the test's own store and catalog. */
    private static final ClassLoader LOADER = ExamplesJar.loader();
    private static CliHarness cli;
    private static Store store;
    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("cli-examples");
        store = site(cli);
    }

    /** init, the users someuser (Contributor), editor, reader, and /MySite, /site/{news,archive,events} with two news items. */
    private static Store site(CliHarness cli) {
        assertEquals(ExitCode.OK, cli.run("init").code());
        Store store = Store.open(cli.config(LOADER));
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("someuser", "Some User");
        dir.grant("someuser", Role.CONTRIBUTOR);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        try (Session s = store.openSession()) {
            s.create(s.root(), "MySite", Folder.titled("My site"));
            Node site = s.create(s.root(), "site", Folder.titled("Site"));
            Node news = s.create(site, "news", Folder.titled("News"));
            s.create(site, "archive", Folder.titled("Archive"));
            s.create(site, "events", Folder.titled("Events").withAllowedTypes(List.of("Event")));
            Instant old = Instant.parse("2025-03-01T00:00:00Z");
            Instant recent = Instant.parse("2026-11-01T00:00:00Z");
            s.create(news, "old", new NewsItem("Old news", "", "", List.of(), old, old, old));
            s.create(news, "recent", new NewsItem("Recent news", "", "", List.of(), recent, recent, recent));
            s.commit(TxInfo.system("setup"));
        }
        return store;
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static Node node(String path) {
        try (Session s = store.openSession()) {
            return s.get(path);
        }
    }

    private static boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    @Test
    void the_create_foo_script_creates_foo_in_mysite_as_the_user() {
        CliHarness.Result r = cli.run("script", EXAMPLES.resolve("scripts/CreateFoo.java").toString(), "--as", "someuser");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Node foo = node("/MySite/Foo");
        assertEquals("someuser", foo.owner());
        assertEquals("Foo", foo.object(Document.class).title());
    }

    @Test
    void the_retag_script_tags_the_documents_of_a_folder() {
        try (Session s = store.openSession()) {
            s.create(s.get("/MySite"), "page", Document.of("Page", "text"));
            s.commit(TxInfo.system("page"));
        }
        CliHarness.Result r = cli.run("script", EXAMPLES.resolve("scripts/RetagDocuments.java").toString(), "--as", "editor",
                "--", "--folder", "/MySite", "--tag", "reviewed");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(node("/MySite/page").object(Document.class).tags().contains("reviewed"));
    }

    @Test
    void an_event_is_created_indexed_by_its_indexer_and_exported_with_its_template() throws Exception {
        CliHarness.Result r = cli.run("--lib", LIB, "run", "create", "--as", "editor", "--in", "/site/events",
                "--type", "Event", "--name", "regatta", "--set", "title=Harbour <Regatta>", "--set", "start=2026-06-01",
                "--set", "end=2026-06-03",
                "--set", "location=Old harbour");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Object e = node("/site/events/regatta").object();
        assertEquals("nightshift.examples.Event", e.getClass().getName());
        assertEquals(LocalDate.of(2026, 6, 1), e.getClass().getMethod("start").invoke(e));
        List<String> hits = Catalog.of(store).withIndexers(LOADER)
                .search(Query.builder().path("/site/events").extra("location", "Old harbour").build())
                .hits().stream().map(Hit::path).toList();
        assertEquals(List.of("/site/events/regatta"), hits, "indexed by EventIndexer in create's own transaction");
        CliHarness.Result refused = cli.run("--lib", LIB, "run", "create", "--as", "editor", "--in", "/site/events",
                "--type", "Document", "--name", "d");
        assertEquals(ExitCode.DATA, refused.code(), "the events folder allows only events: " + refused);
        CliHarness.Result backwards = cli.run("--lib", LIB, "run", "create", "--as", "editor", "--in", "/site/events",
                "--type", "Event",
                "--name", "backwards", "--set", "start=2026-06-03", "--set", "end=2026-06-01");
        assertEquals(ExitCode.DATA, backwards.code(), backwards.toString());
        Path out = tmp.resolve("www");
        CliHarness.Result export = cli.run("--lib", LIB, "run", "export-static", "--as", "reader", "--path", "/site",
                "--out", out.toString());
        assertEquals(ExitCode.OK, export.code(), export.toString());
        String page = Files.readString(out.resolve("events/regatta.html"));
        assertTrue(page.contains("<article class=\"event\">") && page.contains("Harbour &lt;Regatta&gt;")
                && page.contains("Old harbour"), page);
    }

    @Test
    void the_archive_news_job_moves_old_items_into_a_yearly_folder() {
        CliHarness.Result r = cli.run("--lib", LIB, "run", "archive-news", "--as", "editor", "--days", "365",
                "--now", "2026-11-27T00:00:00Z");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(exists("/site/archive/2025/old"));
        assertFalse(exists("/site/news/old"));
        assertTrue(exists("/site/news/recent"));
    }

    @Test
    void every_crontab_line_runs_and_status_is_then_clean() throws Exception {
        // a store of its own: the status line reports every job's last run, and other tests fail runs on purpose
        CliHarness cron = CliHarness.forNewDatabase("cli-crontab");
        try (Store own = site(cron)) {
            crontab(cron, own);
        }
    }

    private void crontab(CliHarness cron, Store own) throws Exception {
        // an event on the site: reindex and export-static decode it, so every line needs the examples jar
        CliHarness.Result event = cron.run("--lib", LIB, "run", "create", "--as", "editor", "--in", "/site/events",
                "--type", "Event", "--name", "fair", "--set", "title=Fair", "--set", "start=2026-06-01",
                "--set", "end=2026-06-02");
        assertEquals(ExitCode.OK, event.code(), event::toString);
        List<String> lines = Files.readAllLines(EXAMPLES.resolve("crontab"));
        int ran = 0;
        Map<String, String> env = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.matches("[A-Z_]+=.*")) {
                String name = line.substring(0, line.indexOf('='));
                assertEquals("NIGHTSHIFT_LIB=/usr/share/nightshift/examples", line, "the crontab's only setting");
                env.put(name, LIB);
                continue;
            }
            String command = line.substring(line.indexOf(" nightshift -q ") + " nightshift ".length());
            if (command.contains("||")) {
                command = command.substring(0, command.indexOf("||")).strip();
            }
            command = command.replace("/var/www/site", tmp.resolve("www").toString())
                    .replace("/var/log/nightshift.log", tmp.resolve("nightshift.log").toString());
            List<String> args = new ArrayList<>(List.of(command.split("\\s+")));
            CliHarness.Result r = cron.run(env, args.toArray(new String[0]));
            assertEquals(ExitCode.OK, r.code(), line + "\n" + r);
            ran++;
        }
        assertEquals(6, ran);
        try (Session s = own.openSession()) {
            assertTrue(s.exists("/site/news/latest"), "the listing box");
            assertTrue(s.exists("/site/archive/2025/old"), "archived");
        }
        assertTrue(Files.exists(tmp.resolve("www/events/fair.html")), "the static export");
    }

    @Test
    void verify_without_the_jar_of_a_stored_type_reports_every_such_node_and_goes_on() {
        CliHarness other = CliHarness.forNewDatabase("cli-verify-no-class");
        Store opened = site(other);
        try {
            for (String name : List.of("fair", "regatta")) {
                assertEquals(ExitCode.OK, other.run("-q", "--lib", LIB, "run", "create", "--as", "editor", "--in", "/site/events",
                        "--type", "Event", "--name", name, "--set", "title=" + name, "--set", "start=2026-06-01").code());
            }
            assertEquals(ExitCode.OK, other.run("-q", "--lib", LIB, "run", "reindex", "--as", "editor", "--path", "/site").code());
            for (String[] args : new String[][] {{"store", "verify"}, {"store", "verify", "--repair-catalog"}}) {
                CliHarness.Result r = other.run(args); // without --lib: the Event class is on no class path
                assertEquals(ExitCode.DATA, r.code(), r.toString());
                // each is logged as a warning; the one line on stderr counts them and names the first
                assertEquals(1, r.err().strip().lines().count(), r.toString());
                assertTrue(r.err().contains("verified /: ") && r.err().contains(" 2 unreadable state"), "both counted: " + r);
                assertTrue(r.err().contains("oid ") && r.err().contains("/site/events/fair (nightshift.examples.Event)"), r.toString());
            }
        } finally {
            opened.close();
        }
    }
}
