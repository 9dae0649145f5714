package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import nightshift.store.ChangeSummary;
import nightshift.store.ChildPage;
import nightshift.store.ConflictException;
import nightshift.store.NameTakenException;
import nightshift.store.NoSuchNodeException;
import nightshift.store.NoSuchTransactionException;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Reversal;
import nightshift.store.Session;
import nightshift.store.StoreException;
import nightshift.store.TxInfo;
import nightshift.store.UndoRefusedException;
import nightshift.store.spi.CommitHook;

/**
 * The store's {@link Session}: reads through a {@link SnapshotReader} at the snapshot taken when the session began
 * (or last committed or aborted), overlays the session's {@link StagedWrites}, and hands both to a
 * {@link Committer} at commit. Holds one pooled connection for its life; no database transaction is open between
 * calls, so a long job holds no locks and no old snapshot on the server.
 */
final class StoreSession implements Session {
    /** Page size of the children stream: large enough that the round trips vanish in the decoding. */
    private static final int STREAM_PAGE = 2_000;
    /** Page size of a subtree delete's walk: the memory it holds per level of the tree. */
    private static final int DELETE_PAGE = 1_000;
    /**
     * The most state bytes a commit sends from the heap as arrays (a copy of each): a session of fewer writes than
     * the staging buffer, but of large states, commits through the temporary table, which streams them in chunks.
     */
    static final long HEAP_COMMIT_BYTES = 8L << 20;
    private final StoreRuntime runtime;
    private final Connection connection;
    private final String user;
    private final StagedWrites staged;
    private final long asOf;
    private SnapshotReader reader;
    // After a commit or abort the session reads at the newest snapshot, registered at its next read: a run closes
    // its session right after committing, and should not pay for a snapshot it never reads.
    private boolean renew;
    // Whether the reader's snapshot is still registered (a successful commit releases it in its own round trip).
    private boolean registered;
    private boolean anyMoves;
    private boolean anyDeletes;
    private boolean closed;

    /**
     * A session at the newest snapshot ({@code asOf} -1), or a read-only one at the older snapshot {@code asOf}. A
     * snapshot registered {@code ahead} on this connection's backend (or null) is taken instead of registering one.
     */
    StoreSession(StoreRuntime runtime, Connection connection, String user, long asOf, Snapshots.Ahead ahead)
            throws SQLException {
        this.runtime = runtime;
        this.staged = new StagedWrites(connection, runtime.config().stageBuffer(), runtime.config().spillDirectory());
        this.connection = InterceptedConnection.wrap(connection, staged::settle, InterceptedConnection.NOT_CLOSING);
        this.user = user;
        this.asOf = asOf;
        long aheadTid = ahead == null ? -1 : ahead.take(connection);
        if (asOf >= 0) {
            beginInThePast();
        } else if (aheadTid >= 0) {
            registered = true;
            reader = new SnapshotReader(connection, runtime.cache(), aheadTid);
        } else {
            begin();
        }
    }

    private void begin() throws SQLException {
        renew = false;
        long tid = Snapshots.registerLatest(connection, reader == null || !registered ? -1 : reader.snapshot(), runtime.cache());
        registered = true;
        reader = new SnapshotReader(connection, runtime.cache(), tid);
    }

    private void beginInThePast() throws SQLException {
        long horizon;
        long last;
        connection.setAutoCommit(false);
        try {
            Snapshots.lockHorizon(connection, false);
            Snapshots.register(connection, asOf);
            horizon = Snapshots.packHorizon(connection);
            last = runtime.lastTid(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        if (asOf < horizon || asOf > last) {
            Snapshots.release(connection, asOf);
            throw new StoreException(asOf > last ? "there is no tid " + asOf + " yet: the newest is " + last
                    : "the store's history before tid " + horizon + " was packed; tid " + asOf + " can no longer be read");
        }
        registered = true;
        runtime.cache().poll(connection, last);
        reader = new SnapshotReader(connection, runtime.cache(), asOf);
    }

    /** The reader at the session's snapshot, moved to the newest one first if a commit or abort asked for that. */
    private SnapshotReader reader() throws SQLException {
        if (renew) {
            begin();
        }
        return reader;
    }

    @Override
    public long snapshotTid() {
        open();
        return Jdbc.run("reading the newest snapshot", () -> reader().snapshot());
    }

    // ---- the session's view: staged writes over the snapshot

    private Row view(long oid) throws SQLException {
        StagedRow s = staged.get(oid);
        if (s != null) {
            return s.deleted() ? null : s.row();
        }
        return reader().byOid(oid);
    }

    private Row viewChild(long parentOid, String name) throws SQLException {
        StagedRow s = staged.childByName(parentOid, name);
        if (s != null) {
            return s.row();
        }
        Row r = reader().child(parentOid, name);
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

    /**
     * The node's row as this session sees it now, provided that is the version the {@code node} was read at: a write
     * built from an older read (before this session's commit or abort, or in another session) would otherwise replace
     * a version its author never saw, and the commit's own check compares with this session's view only.
     */
    private Row unchanged(Node node, String doing) throws SQLException {
        Row row = existing(node, doing);
        if (row.tid() != node.tid()) {
            throw new ConflictException(List.of(node.path()), "cannot " + doing + " a node from an old read (its Node is"
                    + " the version of tid " + node.tid() + ", this session sees tid " + row.tid() + ")");
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
    public Map<Long, Node> findAll(long[] oids) {
        open();
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
            rows.putAll(reader().byOids(unstaged));
            Map<Long, Node> nodes = new LinkedHashMap<>();
            for (long oid : oids) {
                Row row = rows.get(oid);
                if (row != null) {
                    nodes.put(oid, node(row, pathOf(row)));
                }
            }
            return nodes;
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
            List<SnapshotReader.Listed> rows = childRows(parent.oid(), page);
            List<Node> nodes = new ArrayList<>(rows.size());
            for (SnapshotReader.Listed listed : rows) {
                nodes.add(node(listed.row(), Paths.join(parent.path(), listed.row().name())));
            }
            Optional<Page> next = rows.size() < page.size() ? Optional.empty()
                    : Optional.of(new Page(rows.get(rows.size() - 1).row().name(), page.size()));
            return new ChildPage(nodes, next);
        });
    }

    /** One page of a folder's children as this session sees them: the snapshot's, with the staged writes merged in. */
    private List<SnapshotReader.Listed> childRows(long parentOid, Page page) throws SQLException {
        boolean merged = false;
        if (!staged.isEmpty()) {
            staged.flush();
            staged.indexNames();
            merged = true;
        }
        return reader().children(parentOid, page.after(), page.size(), merged ? staged : null);
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
        return create(parent, name, object, user);
    }

    @Override
    public Node create(Node parent, String givenName, Object object, String owner) {
        String name = Paths.name(givenName);
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a node's owner is a user id, not '" + owner + "'");
        }
        writable();
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
            Row row = new Row(runtime.oids().next(connection), 0, parent.oid(), name, typeId, owner, state);
            staged.putCreated(new StagedRow(row, false, false, true, false));
            return node(row, Paths.join(parent.path(), name)).withObject(object);
        });
    }

    @Override
    public Node update(Node node) {
        writable();
        return Jdbc.run("updating " + node.path(), () -> {
            Row current = unchanged(node, "update");
            Object object = node instanceof StoredNode stored && stored.loadedObject() != null
                    ? stored.loadedObject() : node.object();
            int typeId = runtime.codec().types().idOf(object.getClass());
            byte[] state = runtime.codec().encode(object);
            StagedRow previous = staged.get(node.oid());
            Row row = new Row(current.oid(), current.tid(), current.parentOid(), current.name(), typeId, current.owner(), state);
            staged.put(new StagedRow(row, false, previous != null && previous.moved(), true, false));
            // The node's path as this session sees it now: the node, or a folder above it, may have moved since it was read.
            return node(row, pathOf(current)).withObject(object);
        });
    }

    @Override
    public void delete(Node node) {
        writable();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be deleted; delete its children instead");
        }
        Jdbc.run("deleting " + node.path(), () -> {
            deleteTree(unchanged(node, "delete"));
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
            anyDeletes = true;
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
                List<SnapshotReader.Listed> rows = childRows(row.oid(), next.get());
                page = rows.iterator();
                next = rows.size() < DELETE_PAGE ? Optional.empty()
                        : Optional.of(new Page(rows.get(rows.size() - 1).row().name(), DELETE_PAGE));
            }
            return page.hasNext() ? page.next().row() : null;
        }
    }

    @Override
    public Node move(Node node, Node newParent, String givenName) {
        String newName = Paths.name(givenName);
        writable();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be moved");
        }
        return Jdbc.run("moving " + node.path() + " to " + Paths.join(newParent.path(), newName), () -> {
            Row current = unchanged(node, "move");
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

    // ---- undo

    /** Later versions of the nodes the transaction wrote, or new nodes inside folders it created. */
    private static final String TOUCHED_LATER = "SELECT DISTINCT w.oid FROM ns_object w WHERE (w.tid = ? OR w.end_tid = ?)"
            + " AND EXISTS (SELECT 1 FROM ns_object l WHERE l.oid = w.oid AND l.tid > ?) LIMIT 20";
    private static final String ADDED_INSIDE = "SELECT c.oid FROM ns_object p JOIN ns_object c ON c.parent_oid = p.oid"
            + " AND c.end_tid IS NULL AND c.tid > ? WHERE p.tid = ? AND p.end_tid IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM ns_object b WHERE b.oid = p.oid AND b.end_tid = ?) LIMIT 20";
    /**
     * Every version the transaction wrote or ended, copied aside (a temporary table of the session's connection) and
     * read by oid, the ended one (the one before) first.
     */
    private static final String REVERTING = "ns_reverting";
    private static final int REVERT_PAGE = 2_000;

    @Override
    public Reversal revert(long tid, Reversal.Listener listener) {
        writable();
        return Jdbc.run("undoing tid " + tid, () -> {
            requireUnpacked(tid);
            if (!transactionExists(tid)) {
                throw new NoSuchTransactionException("there is no transaction " + tid + " in the store;"
                        + " see `nightshift history` for run tids");
            }
            List<Long> touched = oids(TOUCHED_LATER, tid, tid, tid);
            if (!touched.isEmpty()) {
                throw new UndoRefusedException("tid " + tid, currentPaths(touched), "later transactions changed");
            }
            List<Long> added = oids(ADDED_INSIDE, tid, tid, tid);
            if (!added.isEmpty()) {
                throw new UndoRefusedException("tid " + tid, currentPaths(added), "later transactions added, inside folders it created,");
            }
            return stageReversal(tid, listener);
        });
    }

    private void requireUnpacked(long tid) throws SQLException {
        long horizon = Snapshots.packHorizon(connection);
        if (tid <= horizon) {
            throw new NoSuchTransactionException("tid " + tid + " is older than the store's packed history (pack removed"
                    + " what it had replaced up to tid " + horizon + "); it can no longer be undone");
        }
    }

    private boolean transactionExists(long tid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM ns_tx WHERE tid = ? AND tid <= ?")) {
            ps.setLong(1, tid);
            ps.setLong(2, reader().snapshot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<Long> oids(String sql, long... tids) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < tids.length; i++) {
                ps.setLong(i + 1, tids[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                }
            }
        }
        return oids;
    }

    private List<String> currentPaths(List<Long> oids) {
        List<String> paths = pathsOf(oids);
        return paths.size() > 10 ? paths.subList(0, 10) : paths;
    }

    /** Streams the transaction's versions by oid and stages, per node, the opposite of what it did. */
    private Reversal stageReversal(long tid, Reversal.Listener listener) throws SQLException {
        Reverser reverser = new Reverser(tid, listener);
        // The transaction's versions are copied aside in one short transaction that holds the horizon lock, so a pack
        // that starts meanwhile waits, or recorded its horizon first and the check refuses. They are then read in
        // pages, each a statement of its own: staging the reversal may spill, and a spill fills the staged writes'
        // table outside any transaction.
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            Snapshots.lockHorizon(connection, false);
            requireUnpacked(tid);
            st.execute("DROP TABLE IF EXISTS pg_temp." + REVERTING);
            try (PreparedStatement ps = connection.prepareStatement("CREATE TEMPORARY TABLE " + REVERTING + " AS SELECT "
                    + SnapshotReader.COLUMNS + ", end_tid FROM ns_object WHERE tid = ? OR end_tid = ?")) {
                ps.setLong(1, tid);
                ps.setLong(2, tid);
                ps.execute();
            }
            st.execute("CREATE INDEX ON " + REVERTING + " (oid, tid)");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        try {
            long afterOid = -1;
            long afterTid = -1;
            for (int read = REVERT_PAGE; read == REVERT_PAGE; ) {
                read = 0;
                try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + REVERTING
                        + " WHERE (oid, tid) > (?, ?) ORDER BY oid, tid LIMIT " + REVERT_PAGE)) {
                    ps.setLong(1, afterOid);
                    ps.setLong(2, afterTid);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row row = SnapshotReader.read(rs);
                            afterOid = row.oid();
                            afterTid = row.tid();
                            read++;
                            reverser.accept(row);
                        }
                    }
                }
            }
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("DROP TABLE IF EXISTS pg_temp." + REVERTING);
            }
        }
        return reverser.finish();
    }

    /**
     * Pairs each node's versions (the one the transaction ended, then the one it wrote, either may be missing) and
     * stages the reverse: a version it wrote without one before is a node it created, one it ended without a new
     * one is a node it deleted.
     */
    private final class Reverser {
        private final long tid;
        private final Reversal.Listener listener;
        /** Staged nodes whose folder comes later in the stream: told of at the end, when their path is known. */
        private final List<Long> deferred = new ArrayList<>();
        private Row before;
        private long removed;
        private long restored;
        private long recreated;
        private long[] oids = new long[1024];
        private int n;

        Reverser(long tid, Reversal.Listener listener) {
            this.tid = tid;
            this.listener = listener;
        }

        private void tell(Row staged, boolean moved) throws SQLException {
            if (listener == Reversal.Listener.NONE) {
                return;
            }
            String path;
            try {
                path = pathOf(staged);
            } catch (NoSuchNodeException e) {
                deferred.add(staged.oid());
                return;
            }
            listener.restored(node(staged, path), moved);
        }

        void accept(Row row) throws SQLException {
            if (before != null && before.oid() != row.oid()) {
                recreate(before);
                before = null;
            }
            if (row.tid() != tid) {
                before = row;
                return;
            }
            if (before != null) {
                boolean moved = before.parentOid() != row.parentOid() || !before.name().equals(row.name());
                Row back = new Row(row.oid(), tid, before.parentOid(), before.name(), before.typeId(), before.owner(),
                        before.state());
                staged.put(new StagedRow(back, false, moved, true, false));
                anyMoves |= moved;
                restored++;
                before = null;
                tell(back, moved);
            } else {
                staged.put(new StagedRow(row, true, false, false, false));
                anyDeletes = true;
                removed++;
                listener.removed(row.oid());
            }
            record(row.oid());
        }

        private void recreate(Row old) throws SQLException {
            Row back = new Row(old.oid(), 0, old.parentOid(), old.name(), old.typeId(), old.owner(), old.state());
            staged.put(new StagedRow(back, false, false, true, false));
            tell(back, false);
            recreated++;
            record(old.oid());
        }

        private void record(long oid) {
            if (n == oids.length) {
                oids = java.util.Arrays.copyOf(oids, n * 2);
            }
            oids[n++] = oid;
        }

        Reversal finish() throws SQLException {
            if (before != null) {
                recreate(before);
            }
            for (long oid : deferred) {
                Row row = view(oid);
                listener.restored(node(row, pathOf(row)), true);
            }
            return new Reversal(tid, removed, restored, recreated, java.util.Arrays.copyOf(oids, n));
        }
    }

    @Override
    public boolean hasChanges() {
        open();
        return Jdbc.run("looking at the staged writes", this::anyEffect);
    }

    /** Whether the staged writes change anything (only deletes can undo what the session staged before them). */
    private boolean anyEffect() throws SQLException {
        return !staged.isEmpty() && (!anyDeletes || staged.hasEffect());
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
            if (!anyEffect()) {
                staged.clear();
                anyMoves = false;
                anyDeletes = false;
                if (hook != CommitHook.NONE) {
                    new Committer(connection).hookOnly(hook);
                }
                long snapshot = reader().snapshot();
                renew = asOf < 0;
                return snapshot;
            }
            Committer committer = new Committer(connection);
            Committer.Outcome outcome;
            long snapshot = reader().snapshot();
            if (staged.spilled() || staged.bufferedBytes() > HEAP_COMMIT_BYTES) {
                staged.flush();
                outcome = committer.commit(staged, info, anyMoves, anyDeletes, snapshot, hook, staged.createdOnlyParents());
            } else {
                // Never spilled: every staged write is on the heap, and goes straight into ns_object (from arrays,
                // which copy the states once more: past HEAP_COMMIT_BYTES they are spilled and copied in instead).
                outcome = committer.commit(new HeapStagedSet(connection, staged.buffered()), info, anyMoves, anyDeletes,
                        snapshot, hook);
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
            renew = true;
            registered = false; // released with the commit
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
    private String snapshotPathOf(long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        Row row = reader().byOid(oid);
        while (row != null && row.parentOid() != Node.NO_PARENT) {
            names.add(row.name());
            row = reader().byOid(row.parentOid());
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
            renew = asOf < 0;
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
            // The pool keeps the connection, so the snapshot's registration would outlive the session.
            if (registered) {
                Snapshots.release(connection, reader.snapshot());
            }
        } catch (SQLException e) {
            // the connection is gone; the temporary table and the registration went with it
        } finally {
            staged.close();
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

    private void writable() {
        open();
        if (asOf >= 0) {
            throw new StoreException("this session reads the store as of tid " + asOf + " and cannot write;"
                    + " open a session with Store.openSession() to change the store");
        }
    }
}
