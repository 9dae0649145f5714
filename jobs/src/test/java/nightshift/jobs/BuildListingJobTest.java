package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import nightshift.security.Permission;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Listing;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** build-listing through the runner, over content indexed by reindex. Tests use their own folders. */
@ExtendWith(StoreExtension.class)
class BuildListingJobTest {
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());

    BuildListingJobTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void users(Store store) {
        TestSite.editorAndReader(store);
    }

    private RunResult run(String job, String user, String... args) {
        RunResult r = JobRunner.create(store).build().run(JobParameters.request(jobs.find(job), user, args));
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        return r;
    }

    /** A folder with news items dated day 1..n (modified = that day), then reindexed. */
    private void news(String folder, int n) {
        try (Session s = store.openSession("editor")) {
            Node f = s.create(s.root(), folder.substring(1), Folder.titled(folder));
            for (int i = 1; i <= n; i++) {
                Instant day = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * i);
                s.create(f, "n" + i, new NewsItem("News " + i, "", "", List.of(), day, day, day));
            }
            s.create(f, "sub", Folder.titled("sub"));
            s.commit(TxInfo.of("editor"));
        }
        run("reindex", "editor", "--path", folder);
    }

    private Listing listing(String path) {
        try (Session s = store.openSession()) {
            return s.get(path).object(Listing.class);
        }
    }

    @Test
    void writes_the_newest_items_newest_first_with_titles_paths_and_dates() {
        news("/latest", 5);
        run("build-listing", "editor", "--folder", "/latest", "--limit", "3");
        Listing l = listing("/latest/latest");
        assertEquals(List.of("/latest/n5", "/latest/n4", "/latest/n3"), l.items().stream().map(Listing.Item::path).toList());
        assertEquals("News 5", l.items().get(0).title());
        assertEquals(Instant.parse("2026-01-06T00:00:00Z"), l.items().get(0).date());
    }

    @Test
    void updates_the_listing_when_items_changed_and_commits_nothing_when_not() {
        news("/again", 2);
        run("build-listing", "editor", "--folder", "/again", "--name", "box");
        RunResult same = run("build-listing", "editor", "--folder", "/again", "--name", "box");
        assertTrue(same.tid().isEmpty(), "nothing changed, nothing committed: " + same.describe());
        try (Session s = store.openSession("editor")) {
            Instant later = Instant.parse("2027-01-01T00:00:00Z");
            s.create(s.get("/again"), "fresh", new NewsItem("Fresh", "", "", List.of(), later, later, later));
            s.commit(TxInfo.of("editor"));
        }
        run("reindex", "editor", "--path", "/again", "--incremental");
        run("build-listing", "editor", "--folder", "/again", "--name", "box");
        assertEquals("/again/fresh", listing("/again/box").items().get(0).path());
    }

    @Test
    void types_restrict_the_items() {
        news("/typed", 2);
        try (Session s = store.openSession("editor")) {
            s.create(s.get("/typed"), "doc", Document.of("Doc", "text"));
            s.commit(TxInfo.of("editor"));
        }
        run("reindex", "editor", "--path", "/typed");
        run("build-listing", "editor", "--folder", "/typed", "--types", "Document");
        assertEquals(List.of("/typed/doc"), listing("/typed/latest").items().stream().map(Listing.Item::path).toList());
    }

    @Test
    void a_listing_lists_only_what_its_user_may_view() {
        news("/viewed", 2);
        try (Session s = store.openSession()) {
            PrincipalDirectory.of(store).setPermission(s.get("/viewed/n2"), Role.READER, Permission.VIEW, false);
            PrincipalDirectory.of(store).setPermission(s.get("/viewed/n2"), Role.CONTRIBUTOR, Permission.VIEW, false);
        }
        try (Session s = store.openSession()) {
            PrincipalDirectory.of(store).grantLocal("reader", Role.CONTRIBUTOR, s.get("/viewed"));
        }
        run("build-listing", "reader", "--folder", "/viewed");
        List<String> paths = listing("/viewed/latest").items().stream().map(Listing.Item::path).toList();
        assertFalse(paths.contains("/viewed/n2"), paths.toString());
        assertTrue(paths.contains("/viewed/n1"), paths.toString());
    }
}
