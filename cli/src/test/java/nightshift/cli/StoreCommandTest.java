package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreCommandTest {
    static CliHarness cli;

    @BeforeAll
    static void tree() {
        cli = CliHarness.forNewDatabase("store");
        assertEquals(ExitCode.OK, cli.run("init", "-q").code());
        try (Store store = Store.open(cli.config()); Session s = store.openSession("editor")) {
            Node site = s.create(s.root(), "site", Folder.titled("Site"));
            s.create(site, "hello", Document.of("Hello", "First post"));
            s.create(site, "news", Folder.titled("News"));
            s.create(site, "draft", Document.of("Draft", "soon gone"));
            s.commit(TxInfo.of("editor"));
            s.delete(s.get("/site/draft")); // its version becomes an old one
            s.commit(TxInfo.of("editor"));
        }
    }

    @Test
    void ls_lists_children_with_type_owner_tid_and_time() {
        CliHarness.Result r = cli.run("store", "ls", "/site");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r::toString);
        assertTrue(lines[0].startsWith("NAME"), r::toString);
        assertTrue(lines[1].matches("hello\\s+Document\\s+editor\\s+\\d+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), r::toString);
        assertTrue(lines[2].matches("news\\s+Folder\\s+editor\\s+.*"), r::toString);
    }

    @Test
    void ls_of_a_missing_path_exits_65() {
        CliHarness.Result r = cli.run("store", "ls", "/site/missing");
        assertEquals(ExitCode.DATA, r.code(), r::toString);
        assertTrue(r.err().contains("/site/missing"), r::toString);
    }

    @Test
    void show_prints_the_node_and_every_field_of_its_object() {
        CliHarness.Result r = cli.run("store", "show", "/site/hello");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertTrue(r.out().contains("path:  /site/hello"), r::toString);
        assertTrue(r.out().contains("type:  nightshift.store.content.Document"), r::toString);
        assertTrue(r.out().contains("owner: editor"), r::toString);
        assertTrue(r.out().contains("  title: Hello\n") && r.out().contains("  body: First post\n")
                && r.out().contains("  tags: ") && r.out().contains("  created: "), r::toString);
    }

    @Test
    void stats_counts_nodes_current_and_old_versions_transactions_types_and_table_sizes() {
        CliHarness.Result r = cli.run("store", "stats");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertTrue(r.out().contains("nodes:        4\n"), r::toString); // the root, /site, hello, news
        assertTrue(r.out().contains("versions:     5 (current 4, old 1)\n"), r::toString); // old: the deleted draft
        assertTrue(r.out().matches("(?s).*nodes by type:\\n.*nightshift.store.content.Folder\\s+3\\n.*"), r::toString);
        assertTrue(r.out().matches("(?s).*nightshift.store.content.Document\\s+1\\n.*"), r::toString);
        assertTrue(r.out().matches("(?s).*table sizes.*\\n\\s+ns_object\\s+\\d+.*"), r::toString);
    }
}
