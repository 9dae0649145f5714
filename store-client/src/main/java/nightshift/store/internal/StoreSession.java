package nightshift.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
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
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Reversal;
import nightshift.store.Session;
import nightshift.store.StoreException;
import nightshift.store.TxInfo;
import nightshift.store.spi.CommitHook;

/**
 * The store's {@link Session}: reads through a {@link SnapshotReader} at the snapshot taken when the session began
 * (or last committed or aborted, {@link SessionSnapshot}), overlays the session's {@link StagedWrites}
 * ({@link SessionView}, {@link SessionReads}), stages writes ({@link SessionWrites}) and undos ({@link SessionUndo}), and hands them to a
 * {@link Committer} at commit. Holds one pooled connection for its life; no database transaction is open between
 * calls, so a long job holds no locks and no old snapshot on the server.
 */
final class StoreSession implements Session {
    /** Page size of the children stream: large enough that the round trips vanish in the decoding. */
    private static final int STREAM_PAGE = 2_000;
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
    private final SessionSnapshot snapshot;
    private final SessionView view;
    private final SessionReads reads;
    private final SessionWrites writes;
    private final SessionUndo undo;
    private final StagedKinds kinds = new StagedKinds();
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
        this.snapshot = new SessionSnapshot(runtime, this.connection, connection, asOf, ahead);
        this.view = new SessionView(runtime, staged, snapshot);
        this.reads = new SessionReads(staged, view);
        this.writes = new SessionWrites(runtime, this.connection, staged, view, kinds);
        this.undo = new SessionUndo(this.connection, staged, view, kinds);
    }

    @Override
    public long snapshotTid() {
        open();
        return Jdbc.run("reading the newest snapshot", () -> view.reader().snapshot());
    }

    // ---- reads

    @Override
    public Node root() {
        open();
        return reads.root();
    }

    @Override
    public Node get(String path) {
        List<String> names = Paths.segments(path);
        Node root = root();
        return reads.get(path, names, root);
    }

    @Override
    public <T> T get(String path, Class<T> type) {
        return get(path).object(type);
    }

    @Override
    public Optional<Node> find(long oid) {
        open();
        return reads.find(oid);
    }

    @Override
    public Map<Long, Node> findAll(long[] oids) {
        open();
        return reads.findAll(oids);
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
        return reads.children(parent, page);
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
        return writes.create(parent, name, object, owner);
    }

    @Override
    public Node update(Node node) {
        writable();
        return writes.update(node);
    }

    @Override
    public void delete(Node node) {
        writable();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be deleted; delete its children instead");
        }
        writes.delete(node);
    }

    @Override
    public Node move(Node node, Node newParent, String givenName) {
        String newName = Paths.name(givenName);
        writable();
        if (node.oid() == Node.ROOT_OID) {
            throw new StoreException("the root folder cannot be moved");
        }
        return writes.move(node, newParent, newName);
    }

    // ---- undo

    @Override
    public Reversal revert(long tid, Reversal.Listener listener) {
        writable();
        return undo.revert(tid, listener);
    }

    @Override
    public boolean hasChanges() {
        open();
        return Jdbc.run("looking at the staged writes", this::anyEffect);
    }

    /** Whether the staged writes change anything (only deletes can undo what the session staged before them). */
    private boolean anyEffect() throws SQLException {
        return !staged.isEmpty() && (!kinds.anyDeletes || staged.hasEffect());
    }

    @Override
    public ChangeSummary changes() {
        open();
        return Jdbc.run("counting staged changes", () -> {
            StagedCounts counts = staged.summary(ChangeSummary.SAMPLES);
            java.util.Map<String, List<String>> samples = new java.util.LinkedHashMap<>();
            for (var kind : counts.samples().entrySet()) {
                List<String> paths = new ArrayList<>();
                for (long oid : kind.getValue()) {
                    paths.add(kind.getKey().equals("deleted") ? view.snapshotPathOf(oid) : view.pathsOf(List.of(oid)).get(0));
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
                kinds.clear();
                if (hook != CommitHook.NONE) {
                    new Committer(connection).hookOnly(hook);
                }
                long tid = view.reader().snapshot();
                snapshot.renewUnlessInThePast();
                return tid;
            }
            Committer committer = new Committer(connection);
            Committer.Outcome outcome;
            long at = view.reader().snapshot();
            if (staged.spilled() || staged.bufferedBytes() > HEAP_COMMIT_BYTES) {
                staged.flush();
                outcome = committer.commit(staged, info, kinds.anyMoves, kinds.anyDeletes, at, hook, staged.createdOnlyParents());
            } else {
                // Never spilled: every staged write is on the heap, and goes straight into ns_object (from arrays,
                // which copy the states once more: past HEAP_COMMIT_BYTES they are spilled and copied in instead).
                outcome = committer.commit(new HeapStagedSet(connection, staged.buffered()), info, kinds.anyMoves, kinds.anyDeletes,
                        at, hook);
            }
            Committer.Conflict conflict = outcome.conflict();
            if (conflict != null && conflict.nameExisted()) {
                Row clash = view.view(conflict.oids().get(0));
                Row parent = clash == null ? null : view.view(clash.parentOid());
                throw new NameTakenException(parent == null ? "?" : view.pathOf(parent), clash == null ? "?" : clash.name());
            }
            if (conflict != null) {
                throw new ConflictException(view.pathsOf(conflict.oids()), conflict.reason());
            }
            staged.clear();
            kinds.clear();
            snapshot.renewAfterCommit(); // released with the commit
            return outcome.tid();
        });
    }

    @Override
    public void abort() {
        open();
        Jdbc.run("aborting", () -> {
            staged.clear();
            kinds.clear();
            snapshot.renewUnlessInThePast();
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
            snapshot.release();
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
