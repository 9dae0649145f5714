package nightshift.store.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import nightshift.store.ConflictException;
import nightshift.store.NoSuchNodeException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.StoreException;

/**
 * What a session sees: its staged writes over its snapshot (read-your-writes), by oid, by name in a folder, a page of
 * a folder's children, and the paths of nodes.
 */
final class SessionView {
    private final StoreRuntime runtime;
    private final StagedWrites staged;
    private final SessionSnapshot snapshot;

    SessionView(StoreRuntime runtime, StagedWrites staged, SessionSnapshot snapshot) {
        this.runtime = runtime;
        this.staged = staged;
        this.snapshot = snapshot;
    }

    SnapshotReader reader() throws SQLException {
        return snapshot.reader();
    }

    Row view(long oid) throws SQLException {
        StagedRow s = staged.get(oid);
        if (s != null) {
            return s.deleted() ? null : s.row();
        }
        return reader().byOid(oid);
    }

    Row viewChild(long parentOid, String name) throws SQLException {
        StagedRow s = staged.childByName(parentOid, name);
        if (s != null) {
            return s.row();
        }
        Row r = reader().child(parentOid, name);
        // Staged under another name or place, or deleted: either way no longer here.
        return r == null || staged.get(r.oid()) != null ? null : r;
    }

    String pathOf(Row row) throws SQLException {
        List<String> names = new ArrayList<>();
        Row current = row;
        while (current.parentOid() != Node.NO_PARENT) {
            names.add(current.name());
            Row parent = view(current.parentOid());
            if (parent == null) {
                throw new NoSuchNodeException("oid " + row.oid(), "an ancestor of it no longer exists in this session");
            }
            current = parent;
        }
        Collections.reverse(names);
        return "/" + String.join("/", names);
    }

    StoredNode node(Row row, String path) {
        return new StoredNode(row, path, runtime.codec());
    }

    Row existing(Node node, String doing) throws SQLException {
        Row row = view(node.oid());
        if (row == null) {
            throw new NoSuchNodeException(node.path(), "cannot " + doing + " it, it was deleted");
        }
        return row;
    }

    /**
     * The node's row as this session sees it now, provided that is the version the {@code node} was read at: a write
     * built from an older read (before this session's commit or abort, or in another session) would otherwise replace
     * a version its author never saw, and the commit's own check compares with this session's view only.
     */
    Row unchanged(Node node, String doing) throws SQLException {
        Row row = existing(node, doing);
        if (row.tid() != node.tid()) {
            throw new ConflictException(List.of(node.path()), "cannot " + doing + " a node from an old read (its Node is"
                    + " the version of tid " + node.tid() + ", this session sees tid " + row.tid() + ")");
        }
        return row;
    }

    /** One page of a folder's children as this session sees them: the snapshot's, with the staged writes merged in. */
    List<SnapshotReader.Listed> childRows(long parentOid, Page page) throws SQLException {
        boolean merged = false;
        if (!staged.isEmpty()) {
            staged.flush();
            staged.indexNames();
            merged = true;
        }
        return reader().children(parentOid, page.after(), page.size(), merged ? staged : null);
    }

    List<String> pathsOf(List<Long> oids) {
        List<String> paths = new ArrayList<>();
        for (long oid : oids) {
            String path;
            try {
                Row row = view(oid);
                if (row == null) {
                    row = reader().byOid(oid);
                }
                path = row == null ? "oid " + oid : pathOf(row);
            } catch (SQLException | StoreException e) {
                path = "oid " + oid;
            }
            paths.add(path);
        }
        return paths;
    }

    /** The path a node had in the snapshot (for nodes this session deleted, whose ancestors may be deleted too). */
    String snapshotPathOf(long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        Row row = reader().byOid(oid);
        while (row != null && row.parentOid() != Node.NO_PARENT) {
            names.add(row.name());
            row = reader().byOid(row.parentOid());
        }
        Collections.reverse(names);
        return row == null ? "oid " + oid : "/" + String.join("/", names);
    }
}
