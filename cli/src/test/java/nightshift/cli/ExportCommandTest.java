package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nightshift run export-static` and `build-listing`: output and exit codes through the real entry point. */
class ExportCommandTest {
    private static CliHarness cli;
    private static Store store;
    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("cli-export");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory.of(store).addUser("reader", "Reader");
        PrincipalDirectory.of(store).grant("reader", Role.READER);
        try (Session s = store.openSession()) {
            s.create(s.create(s.root(), "site", Folder.titled("Site")), "page", Document.of("Page", "text"));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    @Test
    void export_static_writes_the_tree_and_exits_0() {
        Path out = tmp.resolve("www");
        CliHarness.Result r = cli.run("run", "export-static", "--as", "reader", "--path", "/site", "--out", out.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(Files.exists(out.resolve("page.html")) && Files.exists(out.resolve("sitemap.xml")));
    }

    @Test
    void a_missing_templates_directory_exits_66_and_writes_nothing() {
        Path out = tmp.resolve("none");
        CliHarness.Result r = cli.run("run", "export-static", "--as", "reader", "--path", "/site", "--out", out.toString(),
                "--templates", tmp.resolve("no-such-dir").toString());
        assertEquals(ExitCode.NO_INPUT, r.code(), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void a_missing_export_path_exits_65() {
        CliHarness.Result r = cli.run("run", "export-static", "--as", "reader", "--path", "/nowhere", "--out", tmp.resolve("x").toString());
        assertEquals(ExitCode.DATA, r.code(), r.toString());
    }

    @Test
    void build_listing_without_add_content_exits_77() {
        CliHarness.Result r = cli.run("run", "build-listing", "--as", "reader", "--folder", "/site");
        assertEquals(ExitCode.NO_PERMISSION, r.code(), r.toString());
    }
}
