package nightshift.store.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nightshift.store.ChildPage;
import nightshift.store.NoSuchNodeException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.StoreException;

/**
 * A session's reads: nodes by path, by oid and by page of a folder's children, as the session sees them
 * ({@link SessionView}: its staged writes over its snapshot). The session checks that it is open before it calls these.
 */
final class SessionReads {
    private final StagedWrites staged;
    private final SessionView view;

    SessionReads(StagedWrites staged, SessionView view) {
        this.staged = staged;
        this.view = view;
    }

    Node root() {
        return Jdbc.run("reading the root", () -> {
            Row root = view.view(Node.ROOT_OID);
            if (root == null) {
                throw new StoreException("the store has no root folder; run `nightshift init` (Store.migrate) to create it");
            }
            return view.node(root, "/");
        });
    }

    /** The node at {@code path}, whose {@code names} lead from {@code root}. */
    Node get(String path, List<String> names, Node root) {
        return Jdbc.run("reading " + path, () -> {
            Row current = ((StoredNode) root).row();
            String at = "/";
            for (String name : names) {
                Row next = view.viewChild(current.oid(), name);
                if (next == null) {
                    throw new NoSuchNodeException(path, at.equals("/") && current.oid() == Node.ROOT_OID
                            ? "no '" + name + "' at the root" : "no '" + name + "' in '" + at + "'");
                }
                current = next;
                at = Paths.join(at, name);
            }
            return view.node(current, path.equals("/") ? "/" : at);
        });
    }

    Optional<Node> find(long oid) {
        return Jdbc.run("reading oid " + oid, () -> {
            Row row = view.view(oid);
            return row == null ? Optional.empty() : Optional.of(view.node(row, view.pathOf(row)));
        });
    }

    Map<Long, Node> findAll(long[] oids) {
        return Jdbc.run("reading " + oids.length + " oids", () -> {
            Map<Long, Row> rows = new HashMap<>();
            List<Long> unstaged = new ArrayList<>();
            Map<Long, StagedRow> stagedRows = staged.getAll(oids);
            for (long oid : oids) {
                StagedRow s = stagedRows.get(oid);
                if (s == null) {
                    unstaged.add(oid);
                } else if (!s.deleted()) {
                    rows.put(oid, s.row());
                }
            }
            rows.putAll(view.reader().byOids(unstaged));
            Map<Long, Node> nodes = new LinkedHashMap<>();
            for (long oid : oids) {
                Row row = rows.get(oid);
                if (row != null) {
                    nodes.put(oid, view.node(row, view.pathOf(row)));
                }
            }
            return nodes;
        });
    }

    ChildPage children(Node parent, Page page) {
        return Jdbc.run("listing " + parent.path(), () -> {
            List<SnapshotReader.Listed> rows = view.childRows(parent.oid(), page);
            List<Node> nodes = new ArrayList<>(rows.size());
            for (SnapshotReader.Listed listed : rows) {
                nodes.add(view.node(listed.row(), Paths.join(parent.path(), listed.row().name())));
            }
            Optional<Page> next = rows.size() < page.size() ? Optional.empty()
                    : Optional.of(new Page(rows.get(rows.size() - 1).row().name(), page.size()));
            return new ChildPage(nodes, next);
        });
    }
}
