package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import nightshift.store.ChangeSummary;
import nightshift.store.ChildPage;
import nightshift.store.CommitHook;
import nightshift.store.ConflictException;
import nightshift.store.NameTakenException;
import nightshift.store.NoSuchNodeException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.StoreException;
import nightshift.store.TxInfo;

/**
 * The store's {@link Session}: reads through a {@link SnapshotReader} at the snapshot taken when the session began
 * (or last committed or aborted), overlays the session's {@link StagedWrites}, and hands both to a
 * {@link Committer} at commit. Holds one pooled connection for its life; no database transaction is open between
 * calls, so a long job holds no locks and no old snapshot on the server.
 */
final class StoreSession implements Session {
    /** Page size of the children stream: large enough that the round trips vanish in the decoding. */
    private static final int STREAM_PAGE = 2_000;
    private final StoreRuntime runtime;
    private final Connection connection;
    private final String user;
    private final StagedWrites staged;
    private SnapshotReader reader;
    private boolean anyMoves;
    private boolean anyDeletes;
    private boolean closed;

    StoreSession(StoreRuntime runtime, Connection connection, String user) throws SQLException {
        this.runtime = runtime;
        this.connection = connection;
        this.user = user;
        this.staged = new StagedWrites(connection, runtime.config().stageBuffer());
        begin();
    }

    private void begin() throws SQLException {
        long tid = runtime.lastTid(connection);
        runtime.cache().poll(connection, tid);
        reader = new SnapshotReader(connection, runtime.cache(), tid);
    }

    @Override
    public long snapshotTid() {
        open();
        return reader.snapshot();
    }

    // ---- the session's view: staged writes over the snapshot

    private Row view(long oid) throws SQLException {
        StagedRow s = staged.get(oid);
        if (s != null) {
            return s.deleted() ? null : s.row();
        }
        return reader.byOid(oid);
    }

    private Row viewChild(long parentOid, String name) throws SQLException {
        StagedRow s = staged.childByName(parentOid, name);
        if (s != null) {
            return s.row();
        }
        Row r = reader.child(parentOid, name);
        // Staged under another name or place, or deleted: either way no longer here.
        return r == null || staged.get(r.oid()) != null ? null : r;
    }

    private String pathOf(Row row) throws SQLException {
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

    private StoredNode node(Row row, String path) {
        return new StoredNode(row, path, runtime.codec());
    }

    private Row existing(Node node, String doing) throws SQLException {
        Row row = view(node.oid());
        if (row == null) {
            throw new NoSuchNodeException(node.path(), "cannot " + doing + " it, it was deleted");
        }
        return row;
    }

    // ---- reads

    @Override
    public Node root() {
        open();
        return Jdbc.run("reading the root", () -> {
            Row root = view(Node.ROOT_OID);
            if (root == null) {
                throw new StoreException("the store has no root folder; run `nightshift init` (Store.migrate) to create it");
            }
            return node(root, "/");
        });
    }

    @Override
    public Node get(String path) {
        List<String> names = Paths.segments(path);
        Node root = root();
        return Jdbc.run("reading " + path, () -> {
            Row current = ((StoredNode) root).row();
            String at = "/";
            for (String name : names) {
                Row next = viewChild(current.oid(), name);
                if (next == null) {
                    throw new NoSuchNodeException(path, at.equals("/") && current.oid() == Node.ROOT_OID
                            ? "no '" + name + "' at the root" : "no '" + name + "' in '" + at + "'");
                }
                current = next;
                at = Paths.join(at, name);
            }
            return node(current, path.equals("/") ? "/" : at);
        });
    }

    @Override
    public <T> T get(String path, Class<T> type) {
        return get(path).object(type);
    }

    @Override
    public Optional<Node> find(long oid) {
        open();
        return Jdbc.run("reading oid " + oid, () -> {
            Row row = view(oid);
            return row == null ? Optional.empty() : Optional.of(node(row, pathOf(row)));
        });
    }

    @Override
    public boolean exists(String path) {
        try {
            get(path);
            return true;
        } catch (NoSuchNodeException e) {
            return false;
        }
    }

    @Override
    public ChildPage children(Node parent, Page page) {
        open();
        return Jdbc.run("listing " + parent.path(), () -> {
            boolean merged = false;
            if (!staged.isEmpty()) {
                staged.flush();
                merged = true;
            }
            List<SnapshotReader.Listed> rows = reader.children(parent.oid(), page.after(), page.size(), merged);
            List<Node> nodes = new ArrayList<>(rows.size());
            for (SnapshotReader.Listed listed : rows) {
                nodes.add(node(listed.row(), Paths.join(parent.path(), listed.row().name())));
            }
            Optional<Page> next = rows.size() < page.size() ? Optional.empty()
                    : Optional.of(new Page(rows.get(rows.size() - 1).row().name(), page.size()));
            return new ChildPage(nodes, next);
        });
    }

    @Override
    public Stream<Node> children(Node parent) {
        Iterator<Node> pages = new Iterator<>() {
            private Iterator<Node> current = Collections.emptyIterator();
            private Optional<Page> next = Optional.of(Page.first(STREAM_PAGE));

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next.isPresent()) {
                    ChildPage page = children(parent, next.get());
                    current = page.nodes().iterator();
                    next = page.next();
                }
                return current.hasNext();
            }

            @Override
            public Node next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    // ---- writes (staged)

    @Override
    public Node create(Node parent, String name, Object object) {
        Paths.name(name);
        open();
        java.util.Objects.requireNonNull(object, "object");
        return Jdbc.run("creating " + Paths.join(parent.path(), name), () -> {
            existing(parent, "create in");
            // Names taken in the snapshot are caught at commit by the unique index: one check per commit
            // instead of one round trip per create. Names staged in this session are caught here.
            if (staged.childByName(parent.oid(), name) != null) {
                throw new NameTakenException(parent.path(), name);
            }
            int typeId = runtime.codec().types().idOf(object.getClass());
            byte[] state = runtime.codec().encode(object);
            Row row = new Row(runtime.oids().next(connection), 0, parent.oid(), name, typeId, user, state);
            staged.put(new StagedRow(row, false, false, true, false));
            return node(row, Paths.join(parent.path(), name)).withObject(object);
        });
    }

    @Override
    public Node update(Node node) {
        open();
        return Jdbc.run("updating " + node.path(), () -> {
            Row current = existing(node, "update");
            Object object = node instanceof StoredNode stored && stored.loadedObject() != null
                    ? stored.loadedObject() : node.object();
            int typeId = runtime.codec().types().idOf(object.getClass());
            byte[] state = runtime.codec().encode(object);
            StagedRow previous = staged.get(node.oid());
            Row row = new Row(current.oid(), current.tid(), current.parentOid(), current.name(), typeId, current.owner(), state);
            staged.put(new StagedRow(row, false, previous != null && previous.moved(), true, false));
            return node(row, node.path()).withObject(object);
        });
    }

    @Override
    public void delete(Node node) {
        open();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be deleted; delete its children instead");
        }
        Jdbc.run("deleting " + node.path(), () -> {
            deleteTree(existing(node, "delete"), node);
            return null;
        });
    }

    private void deleteTree(Row row, Node node) throws SQLException {
        Optional<Page> page = Optional.of(Page.first(Page.MAX_SIZE));
        while (page.isPresent()) {
            ChildPage children = children(node, page.get());
            for (Node child : children.nodes()) {
                deleteTree(((StoredNode) child).row(), child);
            }
            page = children.next();
        }
        anyDeletes = true;
        StagedRow previous = staged.get(row.oid());
        staged.put(new StagedRow(row, true, previous != null && previous.moved(), previous != null && previous.modified(), false));
    }

    @Override
    public Node move(Node node, Node newParent, String newName) {
        Paths.name(newName);
        open();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be moved");
        }
        return Jdbc.run("moving " + node.path() + " to " + Paths.join(newParent.path(), newName), () -> {
            Row current = existing(node, "move");
            Row target = existing(newParent, "move into");
            for (Row up = target; up != null; up = up.parentOid() == Node.NO_PARENT ? null : view(up.parentOid())) {
                if (up.oid() == current.oid()) {
                    throw new StoreException("cannot move '" + node.path() + "' into '" + newParent.path()
                            + "': that is inside the node itself");
                }
            }
            String newPath = Paths.join(pathOf(target), newName);
            if (current.parentOid() == target.oid() && current.name().equals(newName)) {
                return node(current, newPath);
            }
            if (staged.childByName(target.oid(), newName) != null) {
                throw new NameTakenException(newParent.path(), newName);
            }
            StagedRow previous = staged.get(current.oid());
            Row row = new Row(current.oid(), current.tid(), target.oid(), newName, current.typeId(), current.owner(), current.state());
            staged.put(new StagedRow(row, false, true, previous != null && previous.modified(), false));
            anyMoves = true;
            return node(row, newPath);
        });
    }

    @Override
    public boolean hasChanges() {
        open();
        return !staged.isEmpty();
    }

    @Override
    public ChangeSummary changes() {
        open();
        return Jdbc.run("counting staged changes", () -> {
            StagedWrites.Counts counts = staged.summary(ChangeSummary.SAMPLES);
            java.util.Map<String, List<String>> samples = new java.util.LinkedHashMap<>();
            for (var kind : counts.samples().entrySet()) {
                List<String> paths = new ArrayList<>();
                for (long oid : kind.getValue()) {
                    paths.add(kind.getKey().equals("deleted") ? snapshotPathOf(oid) : pathsOf(List.of(oid)).get(0));
                }
                samples.put(kind.getKey(), paths);
            }
            return new ChangeSummary(counts.created(), counts.modified(), counts.deleted(), counts.moved(), samples);
        });
    }

    // ---- transaction control

    @Override
    public long commit(TxInfo info) {
        return commit(info, CommitHook.NONE);
    }

    @Override
    public long commit(TxInfo info, CommitHook hook) {
        open();
        java.util.Objects.requireNonNull(info, "info");
        java.util.Objects.requireNonNull(hook, "hook");
        return Jdbc.run("committing", () -> {
            if (staged.isEmpty()) {
                if (hook != CommitHook.NONE) {
                    new Committer(connection).hookOnly(hook);
                }
                return reader.snapshot();
            }
            Committer committer = new Committer(connection);
            Committer.Outcome outcome;
            if (staged.spilled()) {
                staged.flush();
                outcome = committer.commit(info, anyMoves, anyDeletes, reader.snapshot(), hook);
            } else {
                // Never spilled: every staged write is on the heap, and goes straight into ns_object.
                outcome = committer.commit(new HeapStagedSet(connection, staged.buffered()), info, anyMoves, anyDeletes,
                        reader.snapshot(), hook);
            }
            Committer.Conflict conflict = outcome.conflict();
            if (conflict != null && conflict.nameExisted()) {
                Row clash = view(conflict.oids().get(0));
                Row parent = clash == null ? null : view(clash.parentOid());
                throw new NameTakenException(parent == null ? "?" : pathOf(parent), clash == null ? "?" : clash.name());
            }
            if (conflict != null) {
                throw new ConflictException(pathsOf(conflict.oids()), conflict.reason());
            }
            staged.clear();
            anyMoves = false;
            anyDeletes = false;
            begin();
            return outcome.tid();
        });
    }

    private List<String> pathsOf(List<Long> oids) {
        List<String> paths = new ArrayList<>();
        for (long oid : oids) {
            String path;
            try {
                Row row = view(oid);
                if (row == null) {
                    row = reader.byOid(oid);
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
    private String snapshotPathOf(long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        Row row = reader.byOid(oid);
        while (row != null && row.parentOid() != Node.NO_PARENT) {
            names.add(row.name());
            row = reader.byOid(row.parentOid());
        }
        Collections.reverse(names);
        return row == null ? "oid " + oid : "/" + String.join("/", names);
    }

    @Override
    public void abort() {
        open();
        Jdbc.run("aborting", () -> {
            staged.clear();
            anyMoves = false;
            anyDeletes = false;
            begin();
            return null;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            staged.clear();
        } catch (SQLException e) {
            // the connection is gone; the temporary table went with it
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to give back
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this session is closed; open a new one with Store.openSession()");
        }
    }
}
