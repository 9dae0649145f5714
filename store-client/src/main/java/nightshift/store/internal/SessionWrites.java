package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import nightshift.store.NameTakenException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.StoreException;

/**
 * A session's writes: each create, update, delete (of a whole subtree) and move checked against what the session sees
 * ({@link SessionView}) and staged ({@link StagedWrites}); nothing reaches the store before the commit. The session
 * checks that it may write before it calls these.
 */
final class SessionWrites {
    /** Page size of a subtree delete's walk: the memory it holds per level of the tree. */
    private static final int DELETE_PAGE = 1_000;
    private final StoreRuntime runtime;
    private final Connection connection;
    private final StagedWrites staged;
    private final SessionView view;
    private final StagedKinds kinds;

    SessionWrites(StoreRuntime runtime, Connection connection, StagedWrites staged, SessionView view, StagedKinds kinds) {
        this.runtime = runtime;
        this.connection = connection;
        this.staged = staged;
        this.view = view;
        this.kinds = kinds;
    }

    /** Stages a new node; {@code name} is checked, the session writable. */
    Node create(Node parent, String name, Object object, String owner) {
        return Jdbc.run("creating " + Paths.join(parent.path(), name), () -> {
            view.existing(parent, "create in");
            // Names taken in the snapshot are caught at commit by the unique index: one check per commit
            // instead of one round trip per create. Names staged in this session are caught here.
            if (staged.childByName(parent.oid(), name) != null) {
                throw new NameTakenException(parent.path(), name);
            }
            int typeId = runtime.codec().types().idOf(object.getClass());
            byte[] state = runtime.codec().encode(object);
            Row row = new Row(runtime.oids().next(connection), 0, parent.oid(), name, typeId, owner, state);
            staged.putCreated(new StagedRow(row, false, false, true, false));
            return view.node(row, Paths.join(parent.path(), name)).withObject(object);
        });
    }

    /** Stages the node's object as its new state. */
    Node update(Node node) {
        return Jdbc.run("updating " + node.path(), () -> {
            Row current = view.unchanged(node, "update");
            Object object = node instanceof StoredNode stored && stored.loadedObject() != null
                    ? stored.loadedObject() : node.object();
            int typeId = runtime.codec().types().idOf(object.getClass());
            byte[] state = runtime.codec().encode(object);
            StagedRow previous = staged.get(node.oid());
            Row row = new Row(current.oid(), current.tid(), current.parentOid(), current.name(), typeId, current.owner(), state);
            staged.put(new StagedRow(row, false, previous != null && previous.moved(), true, false));
            // The node's path as this session sees it now: the node, or a folder above it, may have moved since it was read.
            return view.node(row, view.pathOf(current)).withObject(object);
        });
    }

    /** Stages the deletion of the node and everything below it. */
    void delete(Node node) {
        Jdbc.run("deleting " + node.path(), () -> {
            deleteTree(view.unchanged(node, "delete"));
            return null;
        });
    }

    /**
     * Stages the deletion of a subtree, each node after everything below it. Depth-first with a stack of its own, one
     * page of children's rows per level (no paths, which grow with the depth), so neither a deep tree nor a wide one
     * grows the Java stack or the heap past that.
     */
    private void deleteTree(Row top) throws SQLException {
        java.util.ArrayDeque<Level> levels = new java.util.ArrayDeque<>();
        levels.push(new Level(top));
        while (!levels.isEmpty()) {
            Level level = levels.peek();
            Row child = level.next();
            if (child != null) {
                levels.push(new Level(child));
                continue;
            }
            levels.pop();
            kinds.anyDeletes = true;
            StagedRow previous = staged.get(level.row.oid());
            staged.put(new StagedRow(level.row, true, previous != null && previous.moved(),
                    previous != null && previous.modified(), false));
        }
    }

    /** One node of a subtree being deleted, and how far the listing of its children has got. */
    private final class Level {
        private final Row row;
        private Iterator<SnapshotReader.Listed> page = Collections.emptyIterator();
        private Optional<Page> next = Optional.of(Page.first(DELETE_PAGE));

        Level(Row row) {
            this.row = row;
        }

        /** The next child not yet visited, or null when all were. */
        Row next() throws SQLException {
            while (!page.hasNext() && next.isPresent()) {
                List<SnapshotReader.Listed> rows = view.childRows(row.oid(), next.get());
                page = rows.iterator();
                next = rows.size() < DELETE_PAGE ? Optional.empty()
                        : Optional.of(new Page(rows.get(rows.size() - 1).row().name(), DELETE_PAGE));
            }
            return page.hasNext() ? page.next().row() : null;
        }
    }

    /** Stages the node's move to {@code newParent} under {@code newName} (checked). */
    Node move(Node node, Node newParent, String newName) {
        return Jdbc.run("moving " + node.path() + " to " + Paths.join(newParent.path(), newName), () -> {
            Row current = view.unchanged(node, "move");
            Row target = view.existing(newParent, "move into");
            for (Row up = target; up != null; up = up.parentOid() == Node.NO_PARENT ? null : view.view(up.parentOid())) {
                if (up.oid() == current.oid()) {
                    throw new StoreException("cannot move '" + node.path() + "' into '" + newParent.path()
                            + "': that is inside the node itself");
                }
            }
            String newPath = Paths.join(view.pathOf(target), newName);
            if (current.parentOid() == target.oid() && current.name().equals(newName)) {
                return view.node(current, newPath);
            }
            if (staged.childByName(target.oid(), newName) != null) {
                throw new NameTakenException(newParent.path(), newName);
            }
            StagedRow previous = staged.get(current.oid());
            Row row = new Row(current.oid(), current.tid(), target.oid(), newName, current.typeId(), current.owner(), current.state());
            staged.put(new StagedRow(row, false, true, previous != null && previous.modified(), false));
            kinds.anyMoves = true;
            return view.node(row, newPath);
        });
    }
}
