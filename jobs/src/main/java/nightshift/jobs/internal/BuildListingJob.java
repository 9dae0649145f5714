package nightshift.jobs.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.catalog.SearchResult;
import nightshift.store.content.Folder;
import nightshift.store.content.Listing;
import picocli.CommandLine.Option;

/**
 * Writes a {@link Listing} of the newest items under a folder (by last modification, from the catalog, as the run's
 * user sees it) into that folder: created the first time, updated when the items changed, left alone otherwise (so
 * an hourly run with nothing new commits nothing).
 */
@JobInfo(name = "build-listing", summary = "write a Listing of the newest items under a folder, from the catalog")
public final class BuildListingJob implements Job {
    /** Catalog hits read per round while skipping folders and listings. */
    private static final int PAGE = 200;

    @Option(names = "--folder", required = true, paramLabel = "PATH", description = "the folder to list, and to write the listing into")
    String folder;

    @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "only these types (simple or full class names; default: all but folders and listings)")
    List<String> types = new ArrayList<>();

    @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "how many items (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--name", defaultValue = "latest", paramLabel = "NAME", description = "the listing's name in the folder (default: ${DEFAULT-VALUE})")
    String name;

    @Override
    public void run(JobContext ctx) {
        if (limit < 1 || limit > Query.MAX_LIMIT) {
            throw new BadParameterException("--limit", "--limit must be 1.." + Query.MAX_LIMIT + ", was " + limit);
        }
        SecureSession s = ctx.session();
        Node target = s.get(folder);
        List<Listing.Item> items = newest(ctx, target.path());
        String listingPath = (target.path().equals("/") ? "" : target.path()) + "/" + name;
        if (s.exists(listingPath)) {
            Node existing = s.get(listingPath);
            Listing old = existing.object(Listing.class);
            if (old.items().equals(items)) {
                ctx.note("listing " + listingPath + " unchanged (" + items.size() + " items)");
                return;
            }
            Node updated = s.update(existing.withObject(new Listing(old.title(), items, Instant.now())));
            ctx.catalog().batch().index(updated);
        } else {
            Node created = s.create(target, name, new Listing(name, items, Instant.now()));
            ctx.catalog().batch().index(created);
        }
        ctx.note("listing " + listingPath + ": " + items.size() + " items");
    }

    private List<Listing.Item> newest(JobContext ctx, String path) {
        Set<String> wanted = TypeNames.fullNames(RunContext.of(ctx).storeCatalog().store().types(), types);
        Query q = Query.builder().path(path).types(wanted.toArray(new String[0])).sort(Query.Sort.MODIFIED_DESC).limit(PAGE).build();
        List<Listing.Item> items = new ArrayList<>(limit);
        while (items.size() < limit) {
            SearchResult r = ctx.catalog().search(q);
            for (Hit hit : r.hits()) {
                if (items.size() < limit && listed(hit, path)) {
                    items.add(new Listing.Item(hit.title(), hit.path(), hit.typeName(), hit.modified()));
                }
            }
            if (!r.more()) {
                break;
            }
            q = q.next();
        }
        return items;
    }

    private boolean listed(Hit hit, String path) {
        if (hit.path().equals(path)) {
            return false;
        }
        if (!types.isEmpty()) {
            return true;
        }
        return !hit.typeName().equals(Folder.class.getName()) && !hit.typeName().equals(Listing.class.getName());
    }
}
