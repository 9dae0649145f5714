package nightshift.cli.readme;

// tag::catalog-search[]
import java.time.Instant;
import nightshift.store.Store;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Query;
import nightshift.store.catalog.SearchResult;
import nightshift.store.content.NewsItem;

// end::catalog-search[]
final class CatalogSearch {
    private CatalogSearch() {
    }

    static SearchResult search(Store store, Instant from) {
        // tag::catalog-search[]
        Catalog catalog = Catalog.of(store);                        // text search configuration "simple"
        SearchResult r = catalog.search(Query.builder().path("/site/news").types(NewsItem.class)
                .text("harbour -closed").modifiedBetween(from, null).sort(Query.Sort.RELEVANCE).limit(20).build());
        r.hits();            // oid, path, type, title, owner, dates, extra keys, rank
        r.indexedTid();      // the tid this subtree's catalog is current to; later commits may not be reflected yet
        Catalog english = catalog.withTextConfig("english");       // another PostgreSQL configuration
        // end::catalog-search[]
        return english == catalog ? null : r;
    }
}
