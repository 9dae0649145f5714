package nightshift.store.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.catalog.internal.TreeQueries;

/**
 * A depth-first walk of a subtree through a session: the top node, then each child by name followed by everything
 * below it. It holds one page of children per level (a stack of children streams), so a million-node tree walks in
 * bounded memory, and it lists children only of nodes known to have some, asked once for the whole snapshot
 * ({@link #parentsAt}) rather than with a listing per leaf. Reindex, verify and export walk with it.
 */
public final class TreeWalk {
    /** Told of each node, with its depth below the top (0 for the top). */
    public interface Visitor {
        void visit(Node node, int depth);
    }

    private TreeWalk() {
    }

    /** Which nodes have children at the session's snapshot: one scan, a sorted array behind the predicate. */
    public static LongPredicate parentsAt(DataSource dataSource, Session session) {
        long[] parents = new TreeQueries(dataSource).parentsAt(session.snapshotTid());
        return oid -> Arrays.binarySearch(parents, oid) >= 0;
    }

    /** Walks {@code top} and its subtree; returns the number of nodes visited. */
    public static long walk(Session session, Node top, LongPredicate hasChildren, Visitor visitor) {
        visitor.visit(top, 0);
        long count = 1;
        if (!hasChildren.test(top.oid())) {
            return count;
        }
        List<Stream<Node>> streams = new ArrayList<>();
        List<Iterator<Node>> stack = new ArrayList<>();
        try {
            Stream<Node> first = session.children(top);
            streams.add(first);
            stack.add(first.iterator());
            while (!stack.isEmpty()) {
                Iterator<Node> it = stack.get(stack.size() - 1);
                if (!it.hasNext()) {
                    stack.remove(stack.size() - 1);
                    streams.remove(streams.size() - 1).close();
                    continue;
                }
                Node node = it.next();
                visitor.visit(node, stack.size());
                count++;
                if (hasChildren.test(node.oid())) {
                    Stream<Node> children = session.children(node);
                    streams.add(children);
                    stack.add(children.iterator());
                }
            }
        } finally {
            streams.forEach(Stream::close);
        }
        return count;
    }
}
