package nightshift.security.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;

/**
 * Visits the nodes below a node as a session lists them, depth-first in name order: a node before its children,
 * the children of a node by name, each child's subtree before the next child. The first node the visitor refuses
 * ends the walk.
 *
 * <p>The walk keeps, for each level that still has children to visit, one page of them on the heap (a level is
 * dropped as soon as its last child is taken), never a frame per level on the Java stack: a chain of any depth is
 * walked without overflowing it, and a wide folder is read a page at a time.
 */
public final class SubtreeWalk {
    /** Children listed per round trip. */
    static final int PAGE_SIZE = Page.DEFAULT_SIZE;

    /** What the walk asks about each node. */
    public interface Visitor {
        /** Whether the walk may pass {@code node}; the first node refused ends it. */
        boolean allows(Node node);

        /** {@code parent} has children, which the walk visits next (all of them before {@code parent}'s next sibling). */
        void entering(Node parent);
    }

    private SubtreeWalk() {
    }

    /** The first node below {@code top} that {@code visitor} refuses, if any; {@code top} itself is not visited. */
    public static Optional<Node> firstRefusedBelow(Session session, Node top, Visitor visitor) {
        Deque<Level> levels = new ArrayDeque<>();
        enter(session, top, visitor, levels);
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            Node node = level.next(session);
            if (node == null) {
                levels.pop();
                continue;
            }
            if (level.done()) {
                levels.pop();
            }
            if (!visitor.allows(node)) {
                return Optional.of(node);
            }
            enter(session, node, visitor, levels);
        }
        return Optional.empty();
    }

    private static void enter(Session session, Node parent, Visitor visitor, Deque<Level> levels) {
        ChildPage first = session.children(parent, Page.first(PAGE_SIZE));
        if (!first.nodes().isEmpty()) {
            visitor.entering(parent);
            levels.push(new Level(parent, first));
        }
    }

    /** One node's children: the page being visited and where the next one starts. */
    private static final class Level {
        private final Node parent;
        private Iterator<Node> page;
        private Optional<Page> next;

        Level(Node parent, ChildPage first) {
            this.parent = parent;
            this.page = first.nodes().iterator();
            this.next = first.next();
        }

        /** The next child, reading the next page when this one is used up; null after the last. */
        Node next(Session session) {
            while (!page.hasNext()) {
                if (next.isEmpty()) {
                    return null;
                }
                ChildPage p = session.children(parent, next.get());
                page = p.nodes().iterator();
                next = p.next();
            }
            return page.next();
        }

        /** Whether the child just taken was the last one (as far as is known without reading another page). */
        boolean done() {
            return !page.hasNext() && next.isEmpty();
        }
    }
}
