package nightshift.store.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.catalog.internal.TreeQueries;
import nightshift.store.internal.Pacer;
import nightshift.store.internal.StoreAccess;

/**
 * A depth-first walk of a subtree through a session: the top node, then each child by name followed by everything
 * below it. Reindex, verify and export walk with it.
 *
 * <p>It costs memory bounded by a page, whatever the size of the store or the depth of the tree, and time in
 * proportion to the subtree. Children are listed a page at a time, and for each page one query asks which of its
 * nodes have children at the session's snapshot, so leaves cost no listing and nothing outside the subtree is read.
 * The walk is a loop over a stack of levels, not a recursion. A level keeps the rest of its page and its folder
 * while the paths they hold are small; beyond {@link #HELD_CHARS} (a deep tree, where every path is long) the upper
 * levels let go of them, and a level that needs them again reads them again (the rest of a page from the name last
 * walked, its folder by oid). Pages are shorter below long paths, so one page holds about {@link #PAGE_CHARS}.
 */
public final class TreeWalk {
    /** Children per page. */
    static final int PAGE = 2_000;
    /** Characters of paths one page holds at most (unless a single child's path is longer). */
    static final int PAGE_CHARS = 1 << 20;
    /** Characters of paths all levels hold together before the upper ones let go of theirs. */
    static final long HELD_CHARS = 4L << 20;

    /** Told of each node, with its depth below the top (0 for the top). */
    public interface Visitor {
        void visit(Node node, int depth);
    }

    private final Session session;
    private final TreeQueries queries;
    private final Pacer pacer;
    private final long snapshot;
    private final List<Level> levels = new ArrayList<>();
    /** Levels above this one hold nothing. */
    private int firstHolding;
    private long held;

    private TreeWalk(Session session, Store store) {
        this.session = session;
        this.pacer = StoreAccess.runtime(store).pacer();
        this.queries = new TreeQueries(store.dataSource());
        this.snapshot = session.snapshotTid();
    }

    /**
     * Walks {@code top} and its subtree; returns the number of nodes visited. {@code store} is the session's, asked
     * which nodes have children (at the session's snapshot); its pacing is kept between two pages (see
     * {@link nightshift.store.StoreConfig.Builder#pace}).
     */
    public static long walk(Session session, Node top, Store store, Visitor visitor) {
        return new TreeWalk(session, store).run(top, visitor);
    }

    private long run(Node top, Visitor visitor) {
        visitor.visit(top, 0);
        long count = 1;
        if (queries.parentsAmong(new long[] {top.oid()}, snapshot).length == 0) {
            return count;
        }
        push(top);
        while (!levels.isEmpty()) {
            Level level = levels.get(levels.size() - 1);
            Node node = level.next();
            if (node == null) {
                pop();
                continue;
            }
            visitor.visit(node, levels.size());
            count++;
            if (level.hasChildren(node)) {
                push(node);
            }
        }
        return count;
    }

    private void push(Node folder) {
        levels.add(new Level(folder));
        trim();
    }

    private void pop() {
        Level done = levels.remove(levels.size() - 1);
        held -= done.holding();
        firstHolding = Math.min(firstHolding, Math.max(0, levels.size() - 1));
    }

    /** Lets the upper levels go of what they hold, shallowest first, while the levels hold too much together. */
    private void trim() {
        while (held > HELD_CHARS && firstHolding < levels.size() - 1) {
            Level level = levels.get(firstHolding);
            held -= level.holding();
            level.letGo();
            firstHolding++;
        }
    }

    /** One folder being walked: its current page of children, and where its listing goes on. */
    private final class Level {
        private final long oid;
        private final int size;
        private Node folder;
        private List<Node> page = List.of();
        private int next;
        private long[] withChildren = new long[0];
        /** The page to list next; null when the listing is done. */
        private Page more;
        private String lastName;
        private long pageChars;

        Level(Node folder) {
            this.oid = folder.oid();
            this.folder = folder;
            this.size = pageSize(folder.path());
            this.more = Page.first(size);
            held += folder.path().length();
        }

        /** The next child, listing the next page when this one is done; null at the end. */
        Node next() {
            while (next >= page.size()) {
                if (more == null || !list()) {
                    return null;
                }
            }
            Node node = page.get(next);
            page.set(next++, null);
            pageChars -= node.path().length();
            held -= node.path().length();
            lastName = node.name();
            return node;
        }

        boolean hasChildren(Node node) {
            return Arrays.binarySearch(withChildren, node.oid()) >= 0;
        }

        /** Lists the next page; false if the folder is gone from the session. */
        private boolean list() {
            if (folder == null) {
                folder = session.find(oid).orElse(null);
                if (folder == null) {
                    return false;
                }
                held += folder.path().length();
                firstHolding = Math.min(firstHolding, levels.size() - 1); // this level is the deepest
            }
            pacer.pause();
            ChildPage listed = session.children(folder, more);
            page = new ArrayList<>(listed.nodes());
            next = 0;
            more = listed.next().orElse(null);
            long[] oids = new long[page.size()];
            pageChars = 0;
            for (int i = 0; i < oids.length; i++) {
                oids[i] = page.get(i).oid();
                pageChars += page.get(i).path().length();
            }
            held += pageChars;
            withChildren = oids.length == 0 ? oids : queries.parentsAmong(oids, snapshot);
            trim();
            return true;
        }

        long holding() {
            return pageChars + (folder == null ? 0 : folder.path().length());
        }

        /** Drops the rest of the page (to be listed again from the last name walked) and the folder. */
        void letGo() {
            if (next < page.size()) {
                more = new Page(lastName, size);
            }
            page = List.of();
            next = 0;
            pageChars = 0;
            withChildren = new long[0];
            folder = null;
        }
    }

    /** Fewer children per page below long paths, so that a page holds about {@link #PAGE_CHARS} of paths. */
    static int pageSize(String folderPath) {
        return (int) Math.max(1, Math.min(PAGE, PAGE_CHARS / (folderPath.length() + 32L)));
    }
}
