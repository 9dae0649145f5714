package nightshift.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nightshift.security.SecureSession;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.CatalogBatch;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.catalog.SearchResult;

/**
 * The catalog as a run's user sees it: {@link #search} returns only nodes the user may View (as the run's session
 * sees them now), and {@link #batch()} is the run's catalog batch, applied in the run's own commit: what a job
 * indexes there is searchable exactly when its writes are visible.
 */
public final class ViewableCatalog {
    /** Hits read from the catalog per round while filling a page the user may see. */
    private static final int CHUNK = 500;
    private final Catalog catalog;
    private final SecureSession session;
    private CatalogBatch batch;

    public ViewableCatalog(Catalog catalog, SecureSession session) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * One page of the hits the user may View: {@code offset} and {@code limit} count viewable hits. The indexed tid
     * is that of the first catalog page read.
     */
    public SearchResult search(Query q) {
        List<Hit> page = new ArrayList<>(Math.min(q.limit(), CHUNK));
        int skip = q.offset();
        Query chunk = q.withPage(0, CHUNK);
        long tid = -1;
        while (true) {
            SearchResult r = catalog.search(chunk);
            if (tid < 0) {
                tid = r.indexedTid();
            }
            for (Hit hit : r.hits()) {
                if (session.find(hit.oid()).isEmpty()) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                } else if (page.size() < q.limit()) {
                    page.add(hit);
                } else {
                    return new SearchResult(page, tid, true);
                }
            }
            if (!r.more()) {
                return new SearchResult(page, tid, false);
            }
            chunk = chunk.next();
        }
    }

    /** The run's batch: index what the job writes; it is applied in the run's commit (and dropped on a dry run). */
    public CatalogBatch batch() {
        if (batch == null) {
            batch = catalog.openBatch();
        }
        return batch;
    }

    /** The store-level catalog's text configuration. */
    public String textConfig() {
        return catalog.textConfig();
    }

    /** The batch if the job opened one (for the runner). */
    CatalogBatch openedBatch() {
        return batch;
    }
}
