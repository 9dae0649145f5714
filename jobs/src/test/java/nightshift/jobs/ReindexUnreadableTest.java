package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.catalog.UnreadableNodesException;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node whose stored state cannot be decoded: skipped and reported, or with --strict the run fails and the catalog
 * stays as it was. The broken state is written before anything reads the node, so no cache holds the good one.
 */
@ExtendWith(StoreExtension.class)
class ReindexUnreadableTest {
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());

    ReindexUnreadableTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void brokenNode(Store store) throws Exception {
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        dir.addUser("editor", "Editor");
        dir.grant("editor", Role.EDITOR);
        long broken;
        try (Session s = store.openSession("editor")) {
            Node bad = s.create(s.root(), "bad", Folder.titled("bad"));
            s.create(bad, "good", Document.of("good", "oldword"));
            broken = s.create(bad, "broken", Document.of("broken", "brokenword")).oid();
            s.commit(TxInfo.of("editor"));
        }
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ns_object SET state = '\\x0badbeef'::bytea WHERE oid = ?")) {
            ps.setLong(1, broken);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private RunResult reindex(String... args) {
        return JobRunner.create(store).build().run(JobParameters.request(jobs.find("reindex"), "editor", args));
    }

    private List<String> search(String text) {
        return Catalog.of(store).search(Query.builder().path("/bad").text(text).build()).hits().stream().map(Hit::path).toList();
    }

    @Test
    void an_undecodable_node_is_skipped_and_reported_and_fails_a_strict_run_which_leaves_the_old_catalog() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RunResult lenient;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            lenient = reindex("--path", "/bad");
        } finally {
            System.setErr(err);
        }
        assertEquals(RunStatus.SUCCEEDED, lenient.status(), lenient.describe());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("skipped /bad/broken"), log);
        assertTrue(log.contains("indexed 2, removed 0, unreadable 1 (/bad/broken)"), log);
        assertEquals(List.of("/bad/good"), search("oldword"));
        assertEquals(List.of(), search("brokenword"));

        try (Session s = store.openSession("editor")) {
            Node good = s.get("/bad/good");
            s.update(good.withObject(good.object(Document.class).withBody("newword")));
            s.commit(TxInfo.of("editor"));
        }
        RunResult strict = reindex("--path", "/bad", "--strict");
        assertEquals(RunStatus.FAILED, strict.status());
        assertTrue(strict.error() instanceof UnreadableNodesException, strict.describe());
        assertTrue(strict.error().getMessage().contains("/bad/broken"), strict.error().getMessage());
        // the failed run applied nothing: the catalog is the one from before it
        assertEquals(List.of("/bad/good"), search("oldword"));
        assertEquals(List.of(), search("newword"));

        assertEquals(RunStatus.SUCCEEDED, reindex("--path", "/bad", "--incremental").status());
        assertEquals(List.of("/bad/good"), search("newword"));
    }
}
