package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.Link;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class CatalogSearchTest {
    private static final Instant JAN = Instant.parse("2026-01-15T10:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-15T10:00:00Z");
    private final Store store;
    private final Catalog catalog;

    CatalogSearchTest(Store store) {
        this.store = store;
        this.catalog = Catalog.of(store);
    }

    @BeforeAll
    static void site(Store store) {
        Catalog catalog = Catalog.of(store);
        try (Session s = store.openSession("editor"); CatalogBatch batch = catalog.openBatch()) {
            Node site = s.create(s.root(), "site", Folder.titled("The site"));
            Node news = s.create(site, "news", Folder.titled("News"));
            Node docs = s.create(site, "docs", Folder.titled("Docs"));
            batch.index(site);
            batch.index(news);
            batch.index(docs);
            batch.index(s.create(news, "harbour", new NewsItem("Harbour opens", "", "The new harbour opens today; harbour harbour",
                    List.of("port"), JUN, JUN, JUN)));
            batch.index(s.create(news, "market", new NewsItem("Market day", "", "Stalls by the harbour", List.of(), JAN, JAN, JAN)));
            batch.index(s.create(docs, "manual", new Document("Manual", "How to", "Read the manual", List.of(), JAN, JAN)));
            batch.index(s.create(docs, "elsewhere", Link.to("Elsewhere", "https://example.org/")));
            s.commit(TxInfo.of("editor"), batch.commitHook());
        }
        try (Session s = store.openSession()) {
            s.create(s.root(), "more", Folder.titled("for the tests that add nodes"));
            s.commit(TxInfo.system("setup"));
        }
        try (Session s = store.openSession("other")) {
            s.create(s.get("/site/docs"), "notes", new Document("Notes", "", "private harbour notes", List.of(), JUN, JUN));
            s.commit(TxInfo.of("other"));
        }
    }

    private List<String> paths(Query q) {
        return catalog.search(q).hits().stream().map(Hit::path).toList();
    }

    @Test
    void a_node_written_without_a_batch_is_not_in_the_catalog() {
        assertEquals(List.of(), paths(Query.builder().text("notes").build()));
    }

    @Test
    void full_text_search_is_ranked_and_limited_to_the_subtree() {
        assertEquals(List.of("/site/news/harbour", "/site/news/market"), paths(Query.builder().text("harbour").build()));
        assertEquals(List.of(), paths(Query.builder().path("/site/docs").text("harbour").build()));
        assertEquals(List.of("/site/news/harbour"), paths(Query.builder().text("\"harbour opens\"").build()));
        assertEquals(List.of("/site/news/harbour"), paths(Query.builder().text("port").build()));
    }

    @Test
    void subtree_includes_the_node_itself_and_not_siblings_sharing_a_prefix() {
        assertEquals(List.of("/site/news", "/site/news/harbour", "/site/news/market"),
                paths(Query.builder().path("/site/news").build()));
    }

    @Test
    void by_type_owner_date_range_and_extra_key() {
        assertEquals(List.of("/site/news/market", "/site/news/harbour"),
                paths(Query.builder().types(NewsItem.class).sort(Query.Sort.MODIFIED_ASC).build()));
        assertEquals(List.of("/site/docs/manual", "/site/news/market"),
                paths(Query.builder().types(NewsItem.class, Document.class).modifiedBetween(JAN, JUN).build()));
        assertEquals(7, catalog.search(Query.builder().path("/site").owner("editor").build()).hits().size());
        assertEquals(List.of(), paths(Query.builder().owner("other").build()));
        assertEquals(List.of("/site/docs/elsewhere"), paths(Query.builder().extra("url", "https://example.org/").build()));
        Hit link = catalog.search(Query.builder().types(Link.class).build()).hits().get(0);
        assertEquals("https://example.org/", link.extra().get("url"));
        assertEquals("Elsewhere", link.title());
    }

    @Test
    void pages_follow_each_other_and_say_whether_there_are_more() {
        Query first = Query.builder().path("/site").sort(Query.Sort.PATH).limit(3).build();
        SearchResult one = catalog.search(first);
        SearchResult two = catalog.search(first.next());
        SearchResult three = catalog.search(first.next().next());
        assertTrue(one.more());
        assertTrue(two.more());
        assertFalse(three.more());
        assertEquals(List.of("/site", "/site/docs", "/site/docs/elsewhere"), one.hits().stream().map(Hit::path).toList());
        assertEquals(1, three.hits().size());
    }

    @Test
    void a_batch_whose_commit_fails_leaves_the_catalog_as_it_was() {
        try (Session s = store.openSession("editor"); CatalogBatch batch = catalog.openBatch()) {
            batch.index(s.create(s.get("/more"), "doomed", Document.of("Zebra", "zebra")));
            assertThrows(RuntimeException.class, () -> s.commit(TxInfo.of("editor"), (c, tid) -> {
                batch.commitHook().inCommit(c, tid);
                throw new SQLException("veto");
            }));
        }
        assertEquals(List.of(), paths(Query.builder().text("zebra").build()));
    }

    @Test
    void results_say_the_tid_the_subtree_is_indexed_up_to() {
        assertEquals(0, catalog.search(Query.builder().path("/site/docs").build()).indexedTid());
        long tid;
        try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch()) {
            tid = s.snapshotTid();
            batch.markIndexed("/site/docs", tid);
            s.commit(TxInfo.system("mark"), batch.commitHook());
        }
        assertEquals(tid, catalog.search(Query.builder().path("/site/docs/manual").build()).indexedTid());
        assertEquals(0, catalog.search(Query.builder().path("/site/news").build()).indexedTid());
        try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch()) {
            batch.markIndexed("/site/docs", 0);
            s.commit(TxInfo.system("unmark"), batch.commitHook());
        }
    }

    @Test
    void another_text_configuration_builds_on_the_server() {
        Catalog english = catalog.withTextConfig("english");
        try (Session s = store.openSession("editor"); CatalogBatch batch = english.openBatch()) {
            batch.index(s.create(s.get("/more"), "running", Document.of("Running", "runners ran")));
            s.commit(TxInfo.of("editor"), batch.commitHook());
        }
        assertEquals(List.of("/more/running"), english.search(Query.builder().text("run").build()).hits().stream().map(Hit::path).toList());
        assertThrows(RuntimeException.class, () -> catalog.withTextConfig("drop table"));
    }

    @Test
    void a_batch_drops_its_staging_table_and_sweeps_those_of_dead_processes() throws SQLException {
        try (var c = store.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE UNLOGGED TABLE ns_catalog_stage_999999 (LIKE ns_catalog_stage)");
        }
        try (Session s = store.openSession(); CatalogBatch batch = catalog.openBatch()) {
            batch.index(s.get("/site"));
            assertEquals(1, stageTables());
        }
        assertEquals(0, stageTables());
    }

    private long stageTables() throws SQLException {
        try (var c = store.dataSource().getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname LIKE 'ns\\_catalog\\_stage\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void an_indexer_registered_through_service_loader_describes_an_application_type() {
        try (Session s = store.openSession("editor"); CatalogBatch batch = catalog.openBatch()) {
            batch.index(s.create(s.get("/more"), "soup", new TestTypes.Recipe("Onion soup",
                    List.of(new TestTypes.Ingredient("shallots", 300)), TestTypes.Difficulty.EASY)));
            s.commit(TxInfo.of("editor"), batch.commitHook());
        }
        SearchResult r = catalog.search(Query.builder().text("shallots").build());
        assertEquals(List.of("/more/soup"), r.hits().stream().map(Hit::path).toList());
        assertEquals("Onion soup", r.hits().get(0).title());
        assertEquals(List.of("/more/soup"), paths(Query.builder().extra("difficulty", "EASY").build()));
    }
}
