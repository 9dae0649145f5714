package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import nightshift.jobs.testjobs.SearchJob;
import nightshift.security.Permission;
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
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reindex job through the runner, on content written through the plain store API. Tests use their own folders. */
@ExtendWith(StoreExtension.class)
class ReindexJobTest {
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());
    private final Catalog catalog;

    ReindexJobTest(Store store) {
        this.store = store;
        this.catalog = Catalog.of(store);
    }

    @BeforeAll
    static void users(Store store) {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        dir.addUser("reader", "Reader");
        dir.grant("reader", Role.READER);
    }

    private RunResult run(String job, String user, String... args) {
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find(job), user, args));
        return r;
    }

    private RunResult reindex(String... args) {
        RunResult r = run("reindex", "editor", args);
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        return r;
    }

    private List<String> search(String path, String text) {
        return catalog.search(Query.builder().path(path).text(text).build()).hits().stream().map(Hit::path).toList();
    }

    private void write(String folder, String... nameAndBody) {
        try (Session s = store.openSession("editor")) {
            Node parent = s.exists(folder) ? s.get(folder) : s.create(s.get("/"), folder.substring(1), Folder.titled(folder));
            for (int i = 0; i < nameAndBody.length; i += 2) {
                String path = folder + "/" + nameAndBody[i];
                if (s.exists(path)) {
                    Node n = s.get(path);
                    s.update(n.withObject(n.object(Document.class).withBody(nameAndBody[i + 1])));
                } else {
                    s.create(parent, nameAndBody[i], Document.of(nameAndBody[i], nameAndBody[i + 1]));
                }
            }
            s.commit(TxInfo.of("editor"));
        }
    }

    private String title(String path) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT title FROM ns_catalog WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void sql(String sql, Object... args) throws Exception {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void full_text_search_finds_a_word_after_reindex_and_not_before() {
        write("/words", "a", "the aardvark sleeps", "b", "nothing here");
        assertEquals(List.of(), search("/words", "aardvark"));
        reindex("--path", "/words");
        assertEquals(List.of("/words/a"), search("/words", "aardvark"));
    }

    @Test
    void full_reindex_follows_changes_made_through_the_plain_store_api() {
        write("/plain", "keep", "original words", "change", "before text", "drop", "doomed words");
        reindex("--path", "/plain");
        write("/plain", "change", "after text", "fresh", "brand new");
        try (Session s = store.openSession()) {
            s.delete(s.get("/plain/drop"));
            s.commit(TxInfo.system("delete"));
        }
        assertEquals(List.of("/plain/change"), search("/plain", "before"));
        reindex("--path", "/plain");
        assertEquals(List.of(), search("/plain", "before"));
        assertEquals(List.of("/plain/change"), search("/plain", "after"));
        assertEquals(List.of("/plain/fresh"), search("/plain", "brand"));
        assertEquals(List.of(), search("/plain", "doomed"));
        assertEquals(List.of("/plain", "/plain/change", "/plain/fresh", "/plain/keep"),
                catalog.search(Query.builder().path("/plain").build()).hits().stream().map(Hit::path).toList());
    }

    @Test
    void incremental_reindex_touches_only_what_was_written_since_and_removes_what_was_deleted() throws Exception {
        write("/inc", "same", "untouched", "edited", "first draft", "gone", "short lived");
        reindex("--path", "/inc");
        long indexedAt = catalog.indexedTid("/inc").orElseThrow();
        // mark an unchanged row: an incremental reindex must not rewrite it
        sql("UPDATE ns_catalog SET title = 'MARKED' WHERE path = '/inc/same'");
        write("/inc", "edited", "second draft", "added", "newcomer");
        try (Session s = store.openSession()) {
            s.delete(s.get("/inc/gone"));
            s.move(s.get("/inc/edited"), s.get("/inc"), "renamed");
            s.commit(TxInfo.system("delete and rename"));
        }
        reindex("--path", "/inc", "--incremental");
        assertEquals("MARKED", title("/inc/same"));
        assertEquals(List.of("/inc/renamed"), search("/inc", "second"));
        assertEquals(List.of(), search("/inc", "first"));
        assertEquals(List.of("/inc/added"), search("/inc", "newcomer"));
        assertEquals(List.of(), search("/inc", "lived"));
        assertEquals(null, title("/inc/edited"));
        assertTrue(catalog.indexedTid("/inc").orElseThrow() > indexedAt);
        // a full reindex rewrites it
        reindex("--path", "/inc");
        assertEquals("same", title("/inc/same"));
    }

    @Test
    void incremental_reindex_of_a_moved_folder_reindexes_what_is_below_it() throws Exception {
        write("/mv", "x", "placeholder");
        try (Session s = store.openSession("editor")) {
            Node sub = s.create(s.get("/mv"), "sub", Folder.titled("sub"));
            s.create(sub, "deep", Document.of("deep", "deep down"));
            s.commit(TxInfo.of("editor"));
        }
        reindex("--path", "/mv");
        try (Session s = store.openSession()) {
            s.move(s.get("/mv/sub"), s.get("/mv"), "moved");
            s.commit(TxInfo.system("move"));
        }
        reindex("--path", "/mv", "--incremental");
        assertEquals(List.of("/mv/moved/deep"), search("/mv", "deep"));
        assertEquals(null, title("/mv/sub/deep"));
    }

    @Test
    void types_option_indexes_only_those_types() {
        write("/typed", "doc", "typed words");
        reindex("--path", "/typed", "--types", "Folder");
        assertEquals(List.of("/typed"), catalog.search(Query.builder().path("/typed").build()).hits().stream().map(Hit::path).toList());
        RunResult unknown = run("reindex", "editor", "--path", "/typed", "--types", "Nope");
        assertEquals(RunStatus.FAILED, unknown.status());
        assertTrue(unknown.error().getMessage().contains("known types"), unknown.describe());
    }

    @Test
    void a_user_without_view_on_a_subtree_gets_no_hits_from_it() {
        write("/open", "pub", "shared secretword");
        write("/closed", "priv", "hidden secretword");
        try (Session s = store.openSession()) {
            PrincipalDirectory dir = PrincipalDirectory.of(store);
            Node closed = s.get("/closed");
            dir.setPermission(closed, Role.READER, Permission.VIEW, false);
            dir.setPermission(closed, Role.AUTHENTICATED, Permission.VIEW, false);
        }
        reindex("--path", "/open");
        reindex("--path", "/closed");
        assertEquals(RunStatus.SUCCEEDED, run("search", "reader", "--text", "secretword").status());
        assertEquals(List.of("/open/pub"), SearchJob.HITS.get());
        assertEquals(RunStatus.SUCCEEDED, run("search", "reader", "--text", "secretword", "--path", "/closed").status());
        assertEquals(List.of(), SearchJob.HITS.get());
        assertEquals(RunStatus.SUCCEEDED, run("search", "editor", "--text", "secretword").status());
        assertEquals(List.of("/closed/priv", "/open/pub"), SearchJob.HITS.get().stream().sorted().toList());
        // paging counts only viewable hits
        assertEquals(RunStatus.SUCCEEDED, run("search", "reader", "--text", "secretword", "--limit", "1").status());
        assertEquals(List.of("/open/pub"), SearchJob.HITS.get());
    }

    @Test
    void a_job_may_index_what_it_writes_in_its_own_transaction_or_not_at_all() {
        write("/own", "x", "placeholder");
        assertEquals(RunStatus.SUCCEEDED, run("indexed-create", "editor", "--in", "/own", "--name", "made", "--body", "instantly").status());
        assertEquals(List.of("/own/made"), search("/own", "instantly"));
        RunResult failed = run("indexed-create", "editor", "--in", "/own", "--name", "failed", "--body", "never", "--fail");
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(List.of(), search("/own", "never"));
        RunResult dry = JobRunner.create(store).build().run(JobParameters.request(jobs.find("indexed-create"), "editor",
                "--in", "/own", "--name", "dry", "--body", "dryword").toBuilder().dryRun(true).build());
        assertEquals(RunStatus.SUCCEEDED, dry.status(), dry.describe());
        assertEquals(List.of(), search("/own", "dryword"));
    }

    @Test
    void a_bulk_reindex_into_an_empty_subtree_rebuilds_the_full_text_index_in_the_same_transaction() throws Exception {
        try (Session s = store.openSession("editor")) {
            Node bulk = s.create(s.root(), "bulk", Folder.titled("bulk"));
            for (int i = 0; i < 21_000; i++) {
                s.create(bulk, "d" + i, Document.of("Doc " + i, i == 20_000 ? "needle" : "hay"));
            }
            s.commit(TxInfo.of("editor"));
        }
        reindex("--path", "/bulk");
        assertEquals(List.of("/bulk/d20000"), search("/bulk", "needle"));
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_indexes WHERE indexname = 'ns_catalog_text'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(1, rs.getLong(1));
        }
        assertEquals(21_001, count("/bulk"));
    }

    private long count(String path) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ns_catalog WHERE path = ? OR path LIKE ?")) {
            ps.setString(1, path);
            ps.setString(2, path + "/%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
