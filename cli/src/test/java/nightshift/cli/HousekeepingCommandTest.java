package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightshift store pack | verify | undo} (and the jobs behind them) on the embedded store, each test on a
 * database of its own. Damage is made with SQL, the way a bad restore or a bug would leave it.
 */
class HousekeepingCommandTest {
    private static final Pattern RUN = Pattern.compile("run (\\S+) of");
    private static final Pattern TID = Pattern.compile("committed tid (\\d+)");

    private CliHarness cli;
    private Store store;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        cli = CliHarness.forNewDatabase("housekeeping");
        Store.migrate(cli.config());
        store = Store.open(cli.config());
        PrincipalDirectory users = PrincipalDirectory.of(store);
        users.addUser("editor", "Editor");
        users.grant("editor", Role.EDITOR);
        users.addUser("manager", "Manager");
        users.grant("manager", Role.MANAGER);
        try (Session s = store.openSession()) {
            Node site = s.create(s.root(), "site", Folder.titled("Site"));
            s.create(site, "a", Document.of("A1", "first"));
            s.create(site, "b", Document.of("B1", "first"));
            s.commit(TxInfo.system("setup"));
        }
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    // ---- helpers

    private long retitle(String path, String title) {
        try (Session s = store.openSession()) {
            Node n = s.get(path);
            s.update(n.withObject(n.object(Document.class).withTitle(title)));
            return s.commit(TxInfo.system("retitle"));
        }
    }

    private String title(String path) {
        try (Session s = store.openSession()) {
            return s.get(path, Document.class).title();
        }
    }

    private boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    private long sql(String sql) {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
            return st.getUpdateCount();
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private long versions(String path) {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.get(path).oid();
        }
        return sql("SELECT count(*) FROM ns_object WHERE oid = " + oid);
    }

    /** Makes every transaction so far look {@code days} old, as the pack window sees them. */
    private void age(int days) {
        sql("UPDATE ns_tx SET committed_at = committed_at - interval '" + days + " days'");
    }

    private static String runId(CliHarness.Result r) {
        Matcher m = RUN.matcher(r.out());
        assertTrue(m.find(), r::toString);
        return m.group(1);
    }

    private static long tid(CliHarness.Result r) {
        Matcher m = TID.matcher(r.out());
        assertTrue(m.find(), r::toString);
        return Long.parseLong(m.group(1));
    }

    /** Runs verify with a log file and returns what it logged after the command line: problems are logged as warnings. */
    private Verified verify(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "verify", ".log");
        List<String> all = new ArrayList<>(List.of("--log-file", log.toString(), "store", "verify"));
        all.addAll(List.of(args));
        CliHarness.Result r = cli.run(all.toArray(String[]::new));
        return new Verified(r, Files.readString(log));
    }

    private record Verified(CliHarness.Result result, String log) {
        @Override
        public String toString() {
            return result + "--- log:\n" + log;
        }
    }

    private String catalogTitle(String path) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT title FROM ns_catalog WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    // ---- pack

    @Test
    void pack_removes_old_versions_keeps_current_states_and_the_window() {
        retitle("/site/a", "A2");
        age(10);                                // A1 ended 10 days ago
        retitle("/site/a", "A3");               // A2 ended now: inside a 5-day window
        assertEquals(3, versions("/site/a"));
        long txBefore = sql("SELECT count(*) FROM ns_tx");

        CliHarness.Result r = cli.run("store", "pack", "--keep-days", "5");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertTrue(r.out().contains("removed 1 old versions"), r::toString);
        assertEquals(2, versions("/site/a"));   // A2 (a snapshot within the window reads it) and A3
        assertEquals(1, versions("/site/b"));
        assertEquals("A3", title("/site/a"));
        assertEquals(txBefore, sql("SELECT count(*) FROM ns_tx"), "every transaction still has a version");
        assertEquals(1, sql("SELECT count(*) FROM ns_pack WHERE finished_at IS NOT NULL AND states = 1"));

        age(10);
        CliHarness.Result again = cli.run("store", "pack", "--keep-days", "5");
        assertEquals(ExitCode.OK, again.code(), again::toString);
        assertEquals(1, versions("/site/a"));
        assertTrue(sql("SELECT count(*) FROM ns_tx") < txBefore, "the retitle transactions went with their versions");
        assertEquals("A3", title("/site/a"));
    }

    @Test
    void pack_never_removes_what_an_open_session_reads() {
        age(10);
        try (Session old = store.openSession()) {
            assertEquals("A1", old.get("/site/a", Document.class).title());
            retitle("/site/a", "A2");
            age(10);
            CliHarness.Result r = cli.run("store", "pack", "--keep-days", "0");
            assertEquals(ExitCode.OK, r.code(), r::toString);
            assertTrue(r.out().contains("held back by an open session"), r::toString);
            assertEquals("A1", old.get("/site/a", Document.class).title(), "the old snapshot still reads its version");
            assertEquals(2, versions("/site/a"));
        }
        CliHarness.Result r = cli.run("store", "pack", "--keep-days", "0");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertEquals(1, versions("/site/a"));
    }

    @Test
    void incremental_reindex_after_pack_still_sees_deletions() {
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager", "--path", "/site").code());
        try (Session s = store.openSession()) {
            s.delete(s.get("/site/b"));
            s.commit(TxInfo.system("delete b"));
        }
        age(10);
        assertEquals(ExitCode.OK, cli.run("store", "pack", "--keep-days", "1").code());
        CliHarness.Result r = cli.run("run", "reindex", "--as", "manager", "--path", "/site", "--incremental");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertEquals(null, catalogTitle("/site/b"), "the deleted node's row is gone although its history was packed");
        assertEquals("A1", catalogTitle("/site/a"));
    }

    @Test
    void pack_is_for_managers_and_checks_its_options() {
        long versions = sql("SELECT count(*) FROM ns_object");
        CliHarness.Result editor = cli.run("run", "pack", "--as", "editor", "--keep-days", "0");
        assertEquals(ExitCode.NO_PERMISSION, editor.code(), editor::toString);
        CliHarness.Result negative = cli.run("store", "pack", "--keep-days", "-1");
        assertEquals(ExitCode.DATA, negative.code(), negative::toString);
        assertTrue(negative.err().contains("--keep-days must be 0 or more"), negative::toString);
        CliHarness.Result missing = cli.run("store", "pack");
        assertEquals(ExitCode.USAGE, missing.code(), missing::toString);
        assertEquals(versions, sql("SELECT count(*) FROM ns_object"));
        CliHarness.Result manager = cli.run("run", "pack", "--as", "manager", "--keep-days", "0", "--dry-run");
        assertEquals(ExitCode.OK, manager.code(), manager::toString);
    }

    // ---- verify

    @Test
    void verify_of_a_sound_store_exits_0() throws Exception {
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager").code());
        Verified v = verify();
        assertEquals(ExitCode.OK, v.result().code(), v::toString);
        assertTrue(v.log().contains("verified /: 4 nodes, no problems"), v::toString);
    }

    @Test
    void verify_reports_a_state_of_garbage_bytes_with_oid_path_and_type() throws Exception {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.get("/site/a").oid();
        }
        sql("UPDATE ns_object SET state = '\\xdeadbeef00ff'::bytea WHERE oid = " + oid + " AND end_tid IS NULL");
        Verified v = verify();
        assertEquals(ExitCode.DATA, v.result().code(), v::toString);
        assertTrue(v.log().contains("unreadable state: oid " + oid + " /site/a (nightshift.store.content.Document)"), v::toString);
        assertTrue(v.result().err().contains("1 unreadable state"), v::toString);
        assertEquals(1, v.result().err().strip().split("\n").length, "one line: " + v);
    }

    @Test
    void verify_decodes_old_versions_and_names_an_unreadable_one_by_oid_and_tid_unless_current_only() throws Exception {
        long replacedAt = retitle("/site/a", "A2");
        long oid;
        try (Session s = store.openSession()) {
            oid = s.get("/site/a").oid();
        }
        long oldTid = sql("SELECT tid FROM ns_object WHERE oid = " + oid + " AND end_tid IS NOT NULL");
        sql("UPDATE ns_object SET state = '\\xdeadbeef00ff'::bytea WHERE oid = " + oid + " AND end_tid IS NOT NULL");
        String line = "unreadable old version: oid " + oid + " /site/a (nightshift.store.content.Document): the version of tid "
                + oldTid + " (replaced at tid " + replacedAt + ") does not decode";
        for (String[] args : List.of(new String[0], new String[] {"--path", "/site"})) {
            Verified v = verify(args);
            assertEquals(ExitCode.DATA, v.result().code(), v::toString);
            assertTrue(v.log().contains(line), v::toString);
            assertTrue(v.result().err().contains("1 unreadable old version"), v::toString);
        }
        Verified current = verify("--current-only");
        assertEquals(ExitCode.OK, current.result().code(), current::toString);
        assertEquals("A2", title("/site/a"));
    }

    @Test
    void verify_reports_a_type_id_the_type_table_does_not_list() throws Exception {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.get("/site/b").oid();
        }
        sql("UPDATE ns_object SET type_id = 987 WHERE oid = " + oid + " AND end_tid IS NULL");
        Verified v = verify();
        assertEquals(ExitCode.DATA, v.result().code(), v::toString);
        assertTrue(v.log().contains("unknown type: oid " + oid), v::toString);
        assertTrue(v.log().contains("type id 987"), v::toString);
    }

    @Test
    void verify_finds_orphans_and_cycles() throws Exception {
        long a;
        long site;
        try (Session s = store.openSession()) {
            a = s.get("/site/a").oid();
            site = s.get("/site").oid();
        }
        sql("UPDATE ns_object SET parent_oid = 987654321 WHERE oid = " + a + " AND end_tid IS NULL");
        long b;
        try (Session s = store.openSession()) {
            b = s.get("/site/b").oid();
            s.create(s.get("/site"), "c", Folder.titled("C"));
            s.commit(TxInfo.system("c"));
        }
        long c;
        try (Session s = store.openSession()) {
            c = s.get("/site/c").oid();
        }
        // /site/c's parent becomes /site/b's child and vice versa: a loop hanging off nothing
        sql("UPDATE ns_object SET parent_oid = " + c + " WHERE oid = " + b + " AND end_tid IS NULL");
        sql("UPDATE ns_object SET parent_oid = " + b + " WHERE oid = " + c + " AND end_tid IS NULL");
        Verified v = verify();
        assertEquals(ExitCode.DATA, v.result().code(), v::toString);
        assertTrue(v.log().contains("orphan: oid " + a), v::toString);
        assertTrue(v.log().contains("does not exist"), v::toString);
        assertTrue(v.log().contains("cycle: oid " + b) && v.log().contains("cycle: oid " + c), v::toString);
        assertNotEquals(site, a);
    }

    @Test
    void verify_finds_catalog_damage_and_repair_fixes_it() throws Exception {
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager", "--path", "/site").code());
        long a;
        try (Session s = store.openSession()) {
            a = s.get("/site/a").oid();
        }
        sql("INSERT INTO ns_catalog (oid, path, parent_path, type_name, title, owner, tid, text)"
                + " VALUES (424242, '/site/ghost', '/site', 'nightshift.store.content.Document', 'Ghost', 'system', 1, ''::tsvector)");
        sql("UPDATE ns_catalog SET tid = tid - 1 WHERE oid = " + a);
        sql("DELETE FROM ns_catalog WHERE path = '/site/b'");
        long before = sql("SELECT count(*) FROM ns_object");

        Verified v = verify("--path", "/site");
        assertEquals(ExitCode.DATA, v.result().code(), v::toString);
        assertTrue(v.log().contains("catalog row for no node: oid 424242 /site/ghost"), v::toString);
        assertTrue(v.log().contains("catalog row stale: oid " + a + " /site/a"), v::toString);
        assertTrue(v.log().matches("(?s).*catalog row missing: oid \\d+ /site/b .*"), v::toString);

        Verified repair = verify("--path", "/site", "--repair-catalog");
        assertEquals(ExitCode.OK, repair.result().code(), repair::toString);
        assertTrue(repair.log().contains("repaired 3 catalog rows"), repair::toString);
        Verified clean = verify();
        assertEquals(ExitCode.OK, clean.result().code(), clean::toString);
        assertEquals(0, sql("SELECT count(*) FROM ns_catalog WHERE oid = 424242"));
        assertEquals(before, sql("SELECT count(*) FROM ns_object"), "repair touches the catalog only");
    }

    @Test
    void nodes_changed_since_the_last_reindex_are_pending_not_problems() throws Exception {
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager").code());
        retitle("/site/a", "A2");
        try (Session s = store.openSession()) {
            s.move(s.get("/site/b"), s.root(), "b-moved");
            s.commit(TxInfo.system("move"));
        }
        Verified v = verify();
        assertEquals(ExitCode.OK, v.result().code(), v::toString);
        assertTrue(v.log().contains("2 nodes changed since their last reindex"), v::toString);
    }

    // ---- undo

    @Test
    void undo_of_a_bulk_create_run_removes_what_it_created_and_its_catalog_rows() throws Exception {
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager").code());
        Path file = dir.resolve("docs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("{\"type\":\"Document\",\"name\":\"bulk-" + i + "\",\"title\":\"Bulk " + i + "\"}");
        }
        Files.write(file, lines);
        CliHarness.Result created = cli.run("run", "create", "--as", "editor", "--in", "/site", "--from", file.toString());
        assertEquals(ExitCode.OK, created.code(), created::toString);
        assertTrue(exists("/site/bulk-7"));
        assertEquals(ExitCode.OK, cli.run("run", "reindex", "--as", "manager", "--incremental").code());
        assertEquals("Bulk 7", catalogTitle("/site/bulk-7"));

        CliHarness.Result undo = cli.run("store", "undo", "--run", runId(created));
        assertEquals(ExitCode.OK, undo.code(), undo::toString);
        assertFalse(exists("/site/bulk-7"));
        assertEquals(0, sql("SELECT count(*) FROM ns_catalog WHERE path LIKE '/site/bulk-%'"));
        assertTrue(exists("/site/a"));
        long undoTid = tid(undo);
        assertEquals(1, sql("SELECT count(*) FROM ns_tx WHERE tid = " + undoTid + " AND note LIKE 'undo of run " + runId(created) + "%'"));
        assertEquals(ExitCode.OK, cli.run("store", "verify").code(), "the catalog followed the undo");

        CliHarness.Result twice = cli.run("store", "undo", "--run", runId(created));
        assertEquals(ExitCode.TEMPORARY, twice.code(), twice::toString);
    }

    @Test
    void undo_takes_back_the_catalog_rows_a_job_wrote_for_its_own_nodes_outside_indexed_subtrees() throws Exception {
        CliHarness.Result created = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "Document",
                "--name", "own", "--set", "title=Own");
        assertEquals(ExitCode.OK, created.code(), created::toString);
        assertEquals("Own", catalogTitle("/site/own"), "create indexes what it writes");
        assertEquals(tid(created), sql("SELECT tid FROM ns_catalog WHERE path = '/site/own'"),
                "the row carries the tid of the commit that wrote the node, not the one it was read at");
        assertEquals(0, sql("SELECT count(*) FROM ns_catalog_state"));
        CliHarness.Result undo = cli.run("store", "undo", "--run", runId(created));
        assertEquals(ExitCode.OK, undo.code(), undo::toString);
        assertEquals(null, catalogTitle("/site/own"));
        CliHarness.Result redo = cli.run("store", "undo", "--tid", String.valueOf(tid(undo)));
        assertEquals(ExitCode.OK, redo.code(), redo::toString);
        assertEquals("Own", catalogTitle("/site/own"), "undoing the undo brings the node and its row back");
    }

    @Test
    void undo_restores_modified_moved_and_deleted_nodes_with_their_oids() {
        long a;
        try (Session s = store.openSession()) {
            a = s.get("/site/a").oid();
            Node b = s.get("/site/b");
            s.update(b.withObject(b.object(Document.class).withTitle("B2")));
            s.move(b, s.root(), "b-top");
            s.delete(s.get("/site/a"));
            s.commit(TxInfo.system("mixed"));
        }
        long tid = sql("SELECT max(tid) FROM ns_tx");
        assertFalse(exists("/site/a"));
        CliHarness.Result undo = cli.run("store", "undo", "--tid", String.valueOf(tid));
        assertEquals(ExitCode.OK, undo.code(), undo::toString);
        assertTrue(undo.out().contains("committed tid"), undo::toString);
        try (Session s = store.openSession()) {
            assertEquals(a, s.get("/site/a").oid(), "the deleted node came back with its oid");
            assertEquals("A1", s.get("/site/a", Document.class).title());
            assertEquals("B1", s.get("/site/b", Document.class).title());
            assertFalse(s.exists("/b-top"));
        }
    }

    @Test
    void undo_is_refused_whole_when_a_later_transaction_changed_the_same_nodes() {
        CliHarness.Result created = cli.run("run", "create", "--as", "editor", "--in", "/site", "--type", "Document",
                "--name", "later", "--set", "title=L1");
        assertEquals(ExitCode.OK, created.code(), created::toString);
        retitle("/site/later", "L2");
        long versions = sql("SELECT count(*) FROM ns_object");
        CliHarness.Result undo = cli.run("store", "undo", "--run", runId(created));
        assertEquals(ExitCode.TEMPORARY, undo.code(), undo::toString);
        assertTrue(undo.err().contains("later transactions changed: /site/later"), undo::toString);
        assertEquals(versions, sql("SELECT count(*) FROM ns_object"));
        assertEquals("L2", title("/site/later"));
    }

    @Test
    void undo_of_reindex_runs_puts_the_catalog_back() {
        CliHarness.Result first = cli.run("run", "reindex", "--as", "manager", "--path", "/site");
        assertEquals(ExitCode.OK, first.code(), first::toString);
        retitle("/site/a", "A2");
        CliHarness.Result second = cli.run("run", "reindex", "--as", "manager", "--path", "/site", "--incremental");
        assertEquals(ExitCode.OK, second.code(), second::toString);
        assertEquals("A2", catalogTitle("/site/a"));

        CliHarness.Result undoFirst = cli.run("store", "undo", "--run", runId(first));
        assertEquals(ExitCode.TEMPORARY, undoFirst.code(), "a later reindex built on it: " + undoFirst);

        CliHarness.Result undoSecond = cli.run("store", "undo", "--run", runId(second));
        assertEquals(ExitCode.OK, undoSecond.code(), undoSecond::toString);
        assertEquals("A1", catalogTitle("/site/a"), "the catalog is as the first reindex left it");
        assertEquals("A2", title("/site/a"), "objects are untouched");
        CliHarness.Result incremental = cli.run("run", "reindex", "--as", "manager", "--path", "/site", "--incremental");
        assertEquals(ExitCode.OK, incremental.code(), incremental::toString);
        assertEquals("A2", catalogTitle("/site/a"), "the next incremental reindex catches up again");

        CliHarness.Result only = cli.run("run", "reindex", "--as", "manager", "--path", "/site");
        assertEquals(ExitCode.OK, only.code());
        sql("DELETE FROM ns_catalog_log WHERE run_id <> '" + runId(only) + "'");
        sql("DELETE FROM ns_catalog_state");
        sql("UPDATE ns_catalog_log SET previous_tid = NULL");
        CliHarness.Result drop = cli.run("store", "undo", "--run", runId(only));
        assertEquals(ExitCode.OK, drop.code(), drop::toString);
        assertEquals(0, sql("SELECT count(*) FROM ns_catalog WHERE path LIKE '/site%'"), "a first reindex undone leaves no rows");
    }

    @Test
    void undo_needs_a_known_unpacked_transaction_and_a_manager() {
        CliHarness.Result unknown = cli.run("store", "undo", "--tid", "999999");
        assertEquals(ExitCode.DATA, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("there is no transaction 999999"), unknown::toString);
        CliHarness.Result noRun = cli.run("store", "undo", "--run", "nope");
        assertEquals(ExitCode.DATA, noRun.code(), noRun::toString);
        CliHarness.Result both = cli.run("store", "undo", "--run", "x", "--tid", "1");
        assertEquals(ExitCode.USAGE, both.code(), both::toString);

        long tid = retitle("/site/a", "A2");
        CliHarness.Result editor = cli.run("run", "undo", "--as", "editor", "--tid", String.valueOf(tid));
        assertEquals(ExitCode.NO_PERMISSION, editor.code(), editor::toString);
        retitle("/site/b", "B2");
        age(10);
        assertEquals(ExitCode.OK, cli.run("store", "pack", "--keep-days", "0").code());
        CliHarness.Result packed = cli.run("store", "undo", "--tid", String.valueOf(tid));
        assertEquals(ExitCode.DATA, packed.code(), packed::toString);
        assertTrue(packed.err().contains("packed"), packed::toString);
        assertEquals("A2", title("/site/a"));
    }
}
