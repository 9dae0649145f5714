package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nightshift run create`: the exit codes of its failures, through the real entry point. */
class CreateCommandTest {
    private static CliHarness cli;
    private static Store store;
    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        cli = CliHarness.forNewDatabase("cli-create");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
        try (Session s = store.openSession()) {
            s.create(s.root(), "site", Folder.titled("site"));
            s.create(s.root(), "news", Folder.titled("news").withAllowedTypes(List.of("NewsItem")));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    @Test
    void create_exits_0_and_the_object_exists() {
        CliHarness.Result r = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "Document",
                "--name", "hello", "--set", "body=hi");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(exists("/site/hello"));
    }

    @Test
    void an_unknown_field_or_a_bad_value_exits_65_naming_the_field() {
        CliHarness.Result unknown = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "Document",
                "--name", "x", "--set", "colour=red");
        assertEquals(ExitCode.DATA, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("colour"), unknown.toString());
        CliHarness.Result bad = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "NewsItem",
                "--name", "x", "--set", "published=soon");
        assertEquals(ExitCode.DATA, bad.code(), bad.toString());
        assertTrue(bad.err().contains("published"), bad.toString());
        assertFalse(exists("/site/x"));
    }

    @Test
    void a_type_the_folder_does_not_allow_exits_65() {
        CliHarness.Result r = cli.run("run", "create", "--as", "editor", "--in", "/news", "--type", "Document", "--name", "d");
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("allows only NewsItem"), r.toString());
    }

    @Test
    void a_bad_line_in_a_bulk_file_exits_65_with_its_line_number_and_creates_nothing() throws Exception {
        Path file = dir.resolve("items.csv");
        Files.writeString(file, "type,name,published\nNewsItem,n1,2024-01-01\nNewsItem,n2,never\n");
        CliHarness.Result r = cli.run("run", "create", "--as", "editor", "--in", "/news", "--from", file.toString());
        assertEquals(ExitCode.DATA, r.code(), r.toString());
        assertTrue(r.err().contains("items.csv line 3"), r.toString());
        assertFalse(exists("/news/n1"));
    }

    @Test
    void a_missing_input_file_exits_66() {
        CliHarness.Result r = cli.run("run", "create", "--as", "editor", "--in", "/site", "--from",
                dir.resolve("absent.jsonl").toString());
        assertEquals(ExitCode.NO_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains(dir.resolve("absent.jsonl") + " (--from) does not exist"), r.err());
        CliHarness.Result set = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "Document",
                "--name", "y", "--set", "body=@" + dir.resolve("absent.txt"));
        assertEquals(ExitCode.NO_INPUT, set.code(), set.toString());
        for (CliHarness.Result each : List.of(r, set)) {
            assertEquals(1, each.err().lines().count(), "one line: " + each.err());
            assertFalse(each.err().contains("Exception"), "no Java exception's name: " + each.err());
        }
    }

    @Test
    void a_user_without_add_content_exits_77() {
        CliHarness.Result r = cli.run("run", "create", "--as", "reader", "--in", "/site", "--type", "Document", "--name", "r");
        assertEquals(ExitCode.NO_PERMISSION, r.code(), r.toString());
    }
}
