package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.spi.Connections;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a stage buffer of 3, almost every staged write is spilled (its new version to the session's spill file, the
 * rest to the server-side temporary table once anything reads them there or changes a node that exists): the
 * session's view must not change.
 */
@ExtendWith(StoreExtension.class)
class SpilledStagingTest {
    private final StoreConfig base;

    SpilledStagingTest(StoreConfig base) {
        this.base = base;
    }

    private Store tinyBuffer() {
        return Store.open(tinyBufferConfig().build());
    }

    private StoreConfig.Builder tinyBufferConfig() {
        StoreConfig.Builder b = StoreConfig.builder(base.url()).user(base.user()).stageBuffer(3).cacheSize(2);
        if (TestServer.get().passwordFile() != null) {
            b.passwordFile(TestServer.get().passwordFile());
        }
        return b;
    }

    private static boolean hasStagingTable(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp.ns_staged') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Fewer writes than the stage buffer, but 9 MB of states: streamed from the spill file, not copied into arrays;
     * creates only, so the temporary table is never needed.
     */
    @Test
    void few_writes_of_large_states_commit_from_the_spill_file() throws Exception {
        String large = "x".repeat(3 << 20);
        try (Store store = Store.open(base); java.sql.Connection c1 = store.dataSource().getConnection();
                java.sql.Connection c2 = store.dataSource().getConnection()) {
            long open = openSpillFiles();
            try (Session s = Connections.onConnection(store, c1).openSession()) {
                Node f = s.create(s.root(), "large-states", Folder.titled("large"));
                for (int i = 0; i < 3; i++) {
                    s.create(f, "large-" + i, Document.of("large " + i, large));
                }
                s.commit(TxInfo.of("large"));
                assertEquals(open + 1, openSpillFiles(), "committed from the spill file");
                assertFalse(hasStagingTable(c1), "no temporary table for creates only");
            }
            try (Session s = Connections.onConnection(store, c2).openSession()) {
                s.create(s.get("/large-states"), "small", Document.of("small", "a few bytes"));
                s.commit(TxInfo.of("small"));
                assertFalse(hasStagingTable(c2), "a small commit goes from the heap");
            }
            try (Session s = store.openSession()) {
                assertEquals(large, s.get("/large-states/large-2", Document.class).body());
                assertEquals("a few bytes", s.get("/large-states/small", Document.class).body());
            }
        }
    }

    @Test
    void find_all_reads_spilled_writes_with_the_snapshot() {
        try (Store store = tinyBuffer()) {
            long committed;
            try (Session s = store.openSession("spill")) {
                committed = s.create(s.root(), "findall-committed", Document.of("committed", "")).oid();
                s.commit(TxInfo.of("spill"));
            }
            try (Session s = store.openSession("spill")) {
                Node f = s.create(s.root(), "findall", Folder.titled("f"));
                long[] oids = new long[10];
                for (int i = 0; i < 10; i++) {
                    oids[i] = s.create(f, "d" + i, Document.of("t" + i, "")).oid();
                }
                // d1 and d2 were spilled long ago: one updated, one deleted, then more writes to spill those too
                Node d1 = s.get("/findall/d1");
                s.update(d1.withObject(d1.object(Document.class).withTitle("changed")));
                s.delete(s.get("/findall/d2"));
                for (int i = 10; i < 15; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                long[] asked = {oids[0], oids[1], oids[2], committed, oids[9]};
                Map<Long, Node> found = s.findAll(asked);
                assertEquals(List.of(oids[0], oids[1], committed, oids[9]), List.copyOf(found.keySet()));
                assertEquals("changed", found.get(oids[1]).object(Document.class).title());
                assertEquals("/findall/d9", found.get(oids[9]).path());
                assertEquals("/findall-committed", found.get(committed).path());
                s.abort();
            }
        }
    }

    @Test
    void sessions_one_after_another_on_one_connection_each_look_names_up_among_their_spilled_writes() {
        // One plain connection: the second session finds the temporary table the first one left, with the name
        // index the first one built. Six lookups each: the first four scan the table, the later ones use the index.
        try (Store store = Store.open(tinyBufferConfig().pooled(false).build())) {
            for (String folder : List.of("first", "second")) {
                try (Session s = store.openSession("spill")) {
                    Node f = s.create(s.root(), folder, Folder.titled(folder));
                    for (int i = 0; i < 10; i++) {
                        s.create(f, "d" + i, Document.of("t" + i, ""));
                    }
                    for (int i = 0; i < 6; i++) {
                        String taken = "d" + i;
                        assertThrows(NameTakenException.class, () -> s.create(f, taken, Document.of("dup", "")));
                    }
                    assertEquals(10, s.children(f).count());
                    s.commit(TxInfo.of("spill"));
                }
            }
            try (Session s = store.openSession()) {
                assertEquals(10, s.children(s.get("/first")).count());
                assertEquals(10, s.children(s.get("/second")).count());
            }
        }
    }

    @Test
    void reads_updates_moves_and_deletes_see_spilled_writes() {
        try (Store store = tinyBuffer(); Session s = store.openSession("spill")) {
            Node f = s.create(s.root(), "spill", Folder.titled("f"));
            for (int i = 0; i < 20; i++) {
                s.create(f, "d" + i, Document.of("t" + i, ""));
            }
            assertThrows(NameTakenException.class, () -> s.create(s.get("/spill"), "d3", Document.of("dup", "")));
            Node d3 = s.get("/spill/d3");
            s.update(d3.withObject(d3.object(Document.class).withTitle("changed")));
            for (int i = 20; i < 30; i++) {
                s.create(s.get("/spill"), "d" + i, Document.of("t" + i, ""));
            }
            assertEquals("changed", s.get("/spill/d3", Document.class).title());
            Node sub = s.create(s.get("/spill"), "sub", Folder.titled("sub"));
            s.move(s.get("/spill/d4"), sub, "moved");
            s.delete(s.get("/spill/d5"));
            assertFalse(s.exists("/spill/d4"));
            assertFalse(s.exists("/spill/d5"));
            assertEquals("t4", s.get("/spill/sub/moved", Document.class).title());
            s.create(s.get("/spill"), "d4", Document.of("reused name", ""));
            assertEquals(30, s.children(s.get("/spill")).count(), "28 left + sub + the reused d4");
            ChangeSummary changes = s.changes();
            // everything was created in this session: the folder, 30 documents less the deleted one, sub, the new d4
            assertEquals(32, changes.created());
            assertEquals(0, changes.modified() + changes.deleted() + changes.moved());
            assertEquals(List.of("/spill", "/spill/d0", "/spill/d1", "/spill/d2", "/spill/d3"), changes.samples().get("created"));
            s.commit(TxInfo.of("spill"));
        }
        try (Store store = tinyBuffer(); Session s = store.openSession()) {
            assertEquals("changed", s.get("/spill/d3", Document.class).title());
            assertEquals("t4", s.get("/spill/sub/moved", Document.class).title());
            assertEquals("reused name", s.get("/spill/d4", Document.class).title());
            assertFalse(s.exists("/spill/d5"));
            List<String> names = s.children(s.get("/spill")).map(Node::name).toList();
            assertEquals(30, names.size());
            assertTrue(names.contains("sub"));
            // a subtree delete across the spill boundary, then commit
            s.delete(s.get("/spill"));
            s.commit(TxInfo.of("spill"));
            assertFalse(s.exists("/spill/sub/moved"));
        }
    }

    /**
     * A spilled session's new versions go to a file of the client's until commit, and its older versions of the same
     * nodes must not be committed with the last ones: retitled twice, moved, deleted, the old versions end.
     */
    @Test
    void a_spilled_session_that_changes_committed_nodes_commits_only_their_last_versions() throws Exception {
        long before;
        try (Store store = tinyBuffer()) {
            try (Session s = store.openSession("setup")) {
                Node f = s.create(s.root(), "changed-spilled", Folder.titled("f"));
                for (int i = 0; i < 10; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                s.commit(TxInfo.of("setup"));
            }
            before = store.lastTid();
            long tid;
            try (Session s = store.openSession("spill")) {
                for (int i = 0; i < 10; i++) {
                    retitle(s, "/changed-spilled/d" + i, "first");
                }
                for (int i = 0; i < 10; i++) {
                    retitle(s, "/changed-spilled/d" + i, "second " + i);
                }
                Node sub = s.create(s.get("/changed-spilled"), "sub", Folder.titled("sub"));
                s.move(s.get("/changed-spilled/d0"), sub, "moved");
                s.delete(s.get("/changed-spilled/d9"));
                tid = s.commit(TxInfo.of("spill"));
            }
            try (Session s = store.openSession("check")) {
                assertEquals("second 0", s.get("/changed-spilled/sub/moved", Document.class).title());
                assertEquals("second 5", s.get("/changed-spilled/d5", Document.class).title());
                assertFalse(s.exists("/changed-spilled/d9"));
                assertEquals(9, s.children(s.get("/changed-spilled")).count(), "d1 to d8 and sub");
            }
            try (java.sql.Connection c = store.dataSource().getConnection();
                    java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE tid = ?),"
                            + " count(*) FILTER (WHERE end_tid = ?), count(*) FILTER (WHERE tid > ? AND tid <> ?)"
                            + " FROM ns_object")) {
                ps.setLong(1, tid);
                ps.setLong(2, tid);
                ps.setLong(3, before);
                ps.setLong(4, tid);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(10, rs.getLong(1), "one new version each of d0 to d8, and sub");
                    assertEquals(10, rs.getLong(2), "d0 to d9's versions of the setup ended");
                    assertEquals(0, rs.getLong(3));
                }
            }
        }
    }

    /** The new versions are copied in at commit: a name the snapshot already had stops the COPY, and nothing is kept. */
    @Test
    void a_spilled_bulk_create_of_a_name_already_taken_is_refused_at_commit_and_writes_nothing() {
        try (Store store = tinyBuffer()) {
            try (Session s = store.openSession("setup")) {
                Node f = s.create(s.root(), "taken-spilled", Folder.titled("f"));
                s.create(f, "d15", Document.of("first", ""));
                s.commit(TxInfo.of("setup"));
            }
            long before = store.lastTid();
            try (Session s = store.openSession("bulk")) {
                Node f = s.get("/taken-spilled");
                for (int i = 0; i < 30; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                NameTakenException e = assertThrows(NameTakenException.class, () -> s.commit(TxInfo.of("bulk")));
                assertTrue(e.getMessage().contains("d15"), e.getMessage());
            }
            assertEquals(before, store.lastTid());
            try (Session s = store.openSession("check")) {
                assertEquals(List.of("d15"), s.children(s.get("/taken-spilled")).map(Node::name).toList());
                assertEquals("first", s.get("/taken-spilled/d15", Document.class).title());
            }
        }
    }

    /**
     * The file a session spills to is unlinked as soon as it is open: no directory lists it, so a job killed
     * mid-way leaves nothing behind in {@code java.io.tmpdir}, and the process gives it back when the session closes.
     */
    @Test
    void the_spill_file_is_in_no_directory_and_is_given_back_with_the_session() throws Exception {
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        try (Store store = tinyBuffer()) {
            long open = openSpillFiles(); // other tests' sessions, if any still open
            Session s = store.openSession("spill");
            Node f = s.create(s.root(), "unlinked", Folder.titled("f"));
            for (int i = 0; i < 20; i++) {
                s.create(f, "d" + i, Document.of("t" + i, ""));
            }
            assertEquals(20, s.children(f).count());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(tmp)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("nightshift-spill-")).toList());
            }
            assertEquals(open + 1, openSpillFiles(), "held open, unlinked");
            s.commit(TxInfo.of("spill"));
            s.close();
            assertEquals(open, openSpillFiles());
        }
    }

    @Test
    void a_spill_directory_that_cannot_take_the_file_fails_the_job_with_the_setting_to_change(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path missing = tmp.resolve("no-such-dir");
        try (Store store = Store.open(tinyBufferConfig().spillDirectory(missing).build())) {
            long before = store.lastTid();
            try (Session s = store.openSession("nowhere")) {
                Node f = s.create(s.root(), "nowhere", Folder.titled("f"));
                StoreException e = assertThrows(StoreException.class, () -> {
                    for (int i = 0; i < 10; i++) {
                        s.create(f, "d" + i, Document.of("t" + i, ""));
                    }
                });
                assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("spillDirectory"),
                        e.getMessage());
                assertFalse(e.getMessage().contains("\n"), "one line");
                assertThrows(StoreException.class, () -> s.commit(TxInfo.of("nowhere")));
                assertEquals(before, store.lastTid());
                s.abort();
                s.create(s.root(), "nowhere", Folder.titled("small enough for the heap"));
                s.commit(TxInfo.of("after abort"));
            }
            try (Session check = store.openSession("check")) {
                assertEquals(0, check.children(check.get("/nowhere")).count());
            }
        }
    }

    private static long openSpillFiles() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    return ""; // closed meanwhile
                }
            }).filter(target -> target.contains("nightshift-spill-") && target.endsWith("(deleted)")).count();
        }
    }

    @Test
    void a_spilled_bulk_create_into_a_new_folder_commits_every_node() {
        try (Store store = tinyBuffer()) {
            try (Session s = store.openSession("bulk")) {
                Node f = s.create(s.root(), "bulk-new", Folder.titled("f"));
                Node sub = s.create(f, "sub", Folder.titled("sub"));
                for (int i = 0; i < 20; i++) {
                    s.create(i % 2 == 0 ? f : sub, "d" + i, Document.of("t" + i, ""));
                }
                s.commit(TxInfo.of("bulk"));
            }
            try (Session s = store.openSession("check")) {
                assertEquals(11, s.children(s.get("/bulk-new")).count());
                assertEquals(10, s.children(s.get("/bulk-new/sub")).count());
            }
        }
    }

    @Test
    void a_spilled_bulk_create_into_a_folder_deleted_meanwhile_conflicts_and_writes_nothing() {
        try (Store store = tinyBuffer()) {
            try (Session s = store.openSession("setup")) {
                Node kept = s.create(s.root(), "bulk-kept", Folder.titled("kept"));
                s.create(s.root(), "bulk-gone", Folder.titled("gone"));
                s.commit(TxInfo.of("setup"));
                assertTrue(kept.oid() > 0);
            }
            long before = store.lastTid();
            try (Session a = store.openSession("a")) {
                Node kept = a.get("/bulk-kept");
                Node gone = a.get("/bulk-gone");
                for (int i = 0; i < 20; i++) {
                    a.create(i < 15 ? kept : gone, "d" + i, Document.of("t" + i, ""));
                }
                try (Session b = store.openSession("b")) {
                    b.delete(b.get("/bulk-gone"));
                    b.commit(TxInfo.of("b"));
                }
                ConflictException e = assertThrows(ConflictException.class, () -> a.commit(TxInfo.of("a")));
                assertTrue(e.getMessage().contains("folder was deleted"), e.getMessage());
                assertTrue(e.paths().stream().allMatch(p -> p.startsWith("/bulk-gone/d1")), e.paths().toString());
            }
            assertEquals(before + 1, store.lastTid(), "only b committed");
            try (Session s = store.openSession("check")) {
                assertEquals(0, s.children(s.get("/bulk-kept")).count());
            }
        }
    }

    @Test
    void a_spilled_session_conflicts_on_a_node_changed_or_a_folder_filled_meanwhile_and_writes_nothing() {
        try (Store store = tinyBuffer()) {
            try (Session s = store.openSession("setup")) {
                Node f = s.create(s.root(), "race", Folder.titled("race"));
                for (int i = 0; i < 10; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                s.create(s.root(), "race-gone", Folder.titled("gone"));
                s.commit(TxInfo.of("setup"));
            }
            long recorded = transactions(store);
            // a retitles every document (most of them spilled), b retitles one of them first
            try (Session a = store.openSession("a")) {
                for (int i = 0; i < 10; i++) {
                    retitle(a, "/race/d" + i, "from a");
                }
                try (Session b = store.openSession("b")) {
                    retitle(b, "/race/d7", "from b");
                    b.commit(TxInfo.of("b"));
                }
                ConflictException e = assertThrows(ConflictException.class, () -> a.commit(TxInfo.of("a")));
                assertEquals(List.of("/race/d7"), e.paths());
                assertTrue(e.getMessage().contains("since this session's snapshot"), e.getMessage());
            }
            // a creates (spilled) and deletes a folder, into which b adds a node first
            try (Session a = store.openSession("a")) {
                for (int i = 0; i < 5; i++) {
                    a.create(a.get("/race"), "new" + i, Document.of("n", ""));
                }
                a.delete(a.get("/race-gone"));
                try (Session b = store.openSession("b")) {
                    b.create(b.get("/race-gone"), "late", Document.of("late", ""));
                    b.commit(TxInfo.of("b"));
                }
                ConflictException e = assertThrows(ConflictException.class, () -> a.commit(TxInfo.of("a")));
                assertTrue(e.getMessage().contains("inside a folder this session deletes"), e.getMessage());
            }
            // a's tids went unused (taken with the checks, rolled back with them): count the records, not the tids
            assertEquals(recorded + 2, transactions(store), "only b's two commits");
            try (Session s = store.openSession("check")) {
                assertEquals("from b", s.get("/race/d7", Document.class).title());
                assertEquals("t3", s.get("/race/d3", Document.class).title());
                assertFalse(s.exists("/race/new0"));
                assertTrue(s.exists("/race-gone/late"));
            }
        }
    }

    private static long transactions(Store store) {
        try (java.sql.Connection c = store.dataSource().getConnection();
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ns_tx")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new StoreException("counting the transactions: " + e.getMessage(), e);
        }
    }

    private static void retitle(Session s, String path, String title) {
        Node n = s.get(path);
        s.update(n.withObject(n.object(Document.class).withTitle(title)));
    }

    /**
     * A spill is copied on a thread of its own, and the session's next statement must wait for it: a listing sent
     * right after each spill (its SQL unions the temporary table) sees every child staged so far.
     */
    @Test
    void a_listing_right_after_a_spill_sees_the_spilled_children() {
        try (Store store = tinyBuffer(); Session s = store.openSession("listing")) {
            Node f = s.create(s.root(), "listed-after-spill", Folder.titled("f"));
            for (int i = 0; i < 300; i++) {
                s.create(f, String.format("d%04d", i), Document.of("t" + i, ""));
                assertEquals(i + 1, s.children(f).count(), "after " + (i + 1) + " creates");
            }
        }
    }

    /**
     * A spill is copied on a thread of its own while the job goes on. Here the server refuses one (a check put on the
     * connection's staging table beforehand): the failure must reach the job, and no part of the session commit.
     */
    /**
     * A bulk create that looks its spilled writes up (by path, by name, its change summary) reads them from the spill
     * file, the first few times; the table is filled only after that, and the answers stay the same.
     */
    @Test
    void a_bulk_create_looks_its_spilled_writes_up_in_the_file_then_in_the_table() throws Exception {
        try (Store store = tinyBuffer(); java.sql.Connection c = store.dataSource().getConnection()) {
            try (Session s = Connections.onConnection(store, c).openSession("bulk")) {
                Node f = s.create(s.root(), "file-lookups", Folder.titled("f"));
                for (int i = 0; i < 30; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                ChangeSummary changes = s.changes();
                assertEquals(31, changes.created());
                assertEquals(0, changes.modified() + changes.deleted() + changes.moved());
                assertEquals(List.of("/file-lookups", "/file-lookups/d0", "/file-lookups/d1", "/file-lookups/d2",
                        "/file-lookups/d3"), changes.samples().get("created"));
                assertEquals("t7", s.get("/file-lookups/d7", Document.class).title());
                assertThrows(NameTakenException.class, () -> s.create(f, "d12", Document.of("dup", "")));
                assertFalse(hasStagingTable(c), "looked up in the file: " + s.get("/file-lookups/d29").path());
                // The last create, read again and again: each lookup reads the whole file, and once the lookups have
                // read four times its size (these and the ones above) the table is filled for the next ones.
                int fileReads = 0;
                while (!hasStagingTable(c) && fileReads < 10) {
                    assertEquals("t29", s.get("/file-lookups/d29", Document.class).title());
                    fileReads++;
                }
                assertTrue(hasStagingTable(c) && fileReads >= 1 && fileReads <= 4, "whole reads of the file: " + fileReads);
                assertEquals("t29", s.get("/file-lookups/d29", Document.class).title());
                assertFalse(s.exists("/file-lookups/d30"));
                assertEquals(31, s.changes().created());
                assertEquals(30, s.children(f).count());
                s.commit(TxInfo.of("bulk"));
            }
            try (Session s = store.openSession("check")) {
                assertEquals(30, s.children(s.get("/file-lookups")).count());
            }
        }
    }

    @Test
    void a_spill_the_server_refuses_fails_the_commit_and_commits_nothing() throws Exception {
        try (Store store = tinyBuffer(); java.sql.Connection c = store.dataSource().getConnection()) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TEMPORARY TABLE ns_staged (oid bigint PRIMARY KEY, base_tid bigint NOT NULL,"
                        + " parent_oid bigint, name text COLLATE \"C\" NOT NULL CHECK (name <> 'refused'),"
                        + " type_id integer NOT NULL, owner text NOT NULL, tuple integer, state_at bigint,"
                        + " state_len integer, deleted boolean NOT NULL, moved boolean NOT NULL, modified boolean NOT NULL)");
            }
            long before = store.lastTid();
            try (Session s = Connections.onConnection(store, c).openSession("refused")) {
                Node f = s.create(s.root(), "refused-spill", Folder.titled("f"));
                assertEquals(0, s.children(f).count()); // a listing fills the table: later spills go there too
                s.create(f, "refused", Document.of("refused", ""));
                // the spill's thread may be done or not when the job calls next: either way the error reaches it
                StoreException e = assertThrows(StoreException.class, () -> {
                    for (int i = 0; i < 10; i++) {
                        s.create(f, "d" + i, Document.of("t" + i, ""));
                    }
                    s.commit(TxInfo.of("refused"));
                });
                assertTrue(e.getMessage().contains("spill"), e.getMessage());
                assertEquals(before, store.lastTid());
                assertThrows(StoreException.class, () -> s.exists("/refused-spill"), "every call fails until abort");

                s.abort();
                Node again = s.create(s.root(), "refused-spill", Folder.titled("f"));
                for (int i = 0; i < 10; i++) {
                    s.create(again, "d" + i, Document.of("t" + i, ""));
                }
                s.commit(TxInfo.of("again"));
            }
            try (Session check = store.openSession("check")) {
                assertEquals(10, check.children(check.get("/refused-spill")).count());
            }
        }
    }

    @Test
    void a_bulk_create_whose_connection_is_killed_while_it_spills_commits_nothing() throws Exception {
        try (Store store = tinyBuffer()) {
            long before = store.lastTid();
            long open = openSpillFiles();
            Session s = store.openSession("killed");
            try {
                Node f = s.create(s.root(), "killed", Folder.titled("f"));
                for (int i = 0; i < 10; i++) {
                    s.create(f, "d" + i, Document.of("t" + i, ""));
                }
                // The session's backend is the one holding its snapshot's registration (an advisory lock).
                try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                    st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                            + " AND pid <> pg_backend_pid()");
                }
                assertThrows(RuntimeException.class, () -> {
                    for (int i = 10; i < 30; i++) {
                        s.create(f, "d" + i, Document.of("t" + i, ""));
                    }
                    s.commit(TxInfo.of("killed"));
                });
            } finally {
                s.close();
            }
            assertEquals(open, openSpillFiles(), "the spill file is given back with a broken connection too");
            assertEquals(before, store.lastTid());
            try (Session check = store.openSession("check")) {
                assertFalse(check.exists("/killed"));
            }
        }
    }
}
