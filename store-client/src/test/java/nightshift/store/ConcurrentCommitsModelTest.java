package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.model.TreeModel;
import nightshift.store.model.TreeModel.Version;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Threads that really commit at once, each through its own session: some stage few writes (short commits), some
 * stage more than their store's stage buffer (long commits that spill). What each session read and what each call
 * answered is recorded; afterwards the committed transactions are replayed in tid order against {@link TreeModel}.
 * Each must have been allowed by first-committer-wins at its place in that order, and every read and every answer,
 * committed or not, must be what the model gives at the session's snapshot. Readers meanwhile read the whole tree
 * twice in one snapshot: the two must be equal, and equal to the model's state there (tids visible in order).
 */
@ExtendWith(StoreExtension.class)
class ConcurrentCommitsModelTest {
    private static final int WRITERS = 4;
    private static final int TRANSACTIONS = 120;
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f"};

    private final StoreConfig base;

    ConcurrentCommitsModelTest(StoreConfig base) {
        this.base = base;
    }

    private Store open(int stageBuffer) {
        StoreConfig.Builder b = StoreConfig.builder(base.url()).user(base.user()).stageBuffer(stageBuffer);
        if (TestServer.get().passwordFile() != null) {
            b.passwordFile(TestServer.get().passwordFile());
        }
        return Store.open(b.build());
    }

    /** What one call of a session did: its arguments, and what it answered (a version, a list, or an exception). */
    private record Call(String op, long oid, long nodeTid, long target, String name, boolean folder, String title,
            Object answer) {
    }

    /** One session's unit of work, from its snapshot to its commit or abort. */
    private record Transaction(int writer, long snapshot, List<Call> calls, long tid, String ended) {
    }

    /** A reader's look at the whole tree, twice in one snapshot. */
    private record Look(long snapshot, Map<Long, Version> first, Map<Long, Version> second) {
    }

    @Test
    void concurrent_short_and_long_commits_keep_first_committer_wins_and_snapshots_stable() throws Exception {
        long seed = Long.getLong("nightshift.model.seed", System.nanoTime());
        String topPath = "/concurrent-" + Long.toUnsignedString(seed, 36);
        try (Store store = open(5_000); Store spilling = open(3)) {
            TreeModel model;
            try (Session s = store.openSession()) {
                Node top = s.create(s.root(), topPath.substring(1), Folder.titled("top"));
                for (String n : NAMES) {
                    Node f = s.create(top, n, Folder.titled(n));
                    s.create(f, "x", Document.of("x", ""));
                }
                long tid = s.commit(TxInfo.of("setup"));
                top = s.get(topPath);
                model = new TreeModel(tid, version(top));
                model.state(tid).putAll(tree(s, topPath));
            }
            List<Transaction> transactions = new ArrayList<>();
            List<Look> looks = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
            try {
                List<Future<List<Transaction>>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    Store on = w % 2 == 0 ? store : spilling;
                    writers.add(threads.submit(() -> new Writer(on, writer, new Random(seed + writer), topPath).run()));
                }
                Future<List<Look>> reader = threads.submit(() -> read(store, topPath, writers));
                for (Future<List<Transaction>> f : writers) {
                    transactions.addAll(f.get(10, TimeUnit.MINUTES));
                }
                looks.addAll(reader.get(1, TimeUnit.MINUTES));
            } finally {
                threads.shutdownNow();
            }
            System.out.printf("seed %d: %d transactions, %d committed, %d refused at commit, %d reader looks%n", seed,
                    transactions.size(), transactions.stream().filter(t -> t.ended() == null).count(),
                    transactions.stream().filter(t -> t.ended() != null && t.ended().endsWith("Exception")).count(), looks.size());
            try {
                verify(model, transactions, looks, store, topPath);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (rerun with -Dnightshift.model.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
    }

    // ---- the writers

    private static final class Writer {
        private final Store store;
        private final int writer;
        private final Random random;
        private final String topPath;
        private final List<Node> held = new ArrayList<>();

        Writer(Store store, int writer, Random random, String topPath) {
            this.store = store;
            this.writer = writer;
            this.random = random;
            this.topPath = topPath;
        }

        List<Transaction> run() {
            List<Transaction> done = new ArrayList<>();
            try (Session s = store.openSession()) {
                for (int t = 0; t < TRANSACTIONS; t++) {
                    done.add(transaction(s));
                }
            }
            return done;
        }

        private Transaction transaction(Session s) {
            long snapshot = s.snapshotTid();
            List<Call> calls = new ArrayList<>();
            int writes = 1 + random.nextInt(writer % 2 == 0 ? 3 : 9);
            List<Node> seen = new ArrayList<>(List.of(s.get(topPath)));
            calls.add(new Call("get", 0, 0, 0, topPath, false, null, version(seen.get(0))));
            for (int i = 0; i < writes; i++) {
                Node node = random.nextInt(5) == 0 && !held.isEmpty() ? held.get(random.nextInt(held.size()))
                        : seen.get(random.nextInt(seen.size()));
                Node folder = pickFolder(s, seen, calls);
                int op = random.nextInt(10);
                String name = NAMES[random.nextInt(NAMES.length)];
                String title = "w" + writer + "-" + random.nextInt(1_000_000);
                if (op < 4) {
                    boolean isFolder = random.nextBoolean();
                    calls.add(call("create", folder.oid(), 0, 0, name, isFolder, title,
                            () -> remember(seen, s.create(folder, name, isFolder ? Folder.titled(title) : Document.of(title, "")))));
                } else if (op < 7 && node.oid() != seen.get(0).oid()) {
                    Object object = node.object() instanceof Folder ? Folder.titled(title) : Document.of(title, "");
                    calls.add(call("update", node.oid(), node.tid(), 0, null, false, title,
                            () -> remember(seen, s.update(node.withObject(object)))));
                } else if (op < 9 && node.oid() != seen.get(0).oid()) {
                    calls.add(call("move", node.oid(), node.tid(), folder.oid(), name, false, null,
                            () -> remember(seen, s.move(node, folder, name))));
                } else if (node.oid() != seen.get(0).oid()) {
                    calls.add(call("delete", node.oid(), node.tid(), 0, null, false, null, () -> {
                        s.delete(node);
                        return null;
                    }));
                }
            }
            held.clear();
            held.addAll(seen);
            if (random.nextInt(8) == 0) {
                s.abort();
                return new Transaction(writer, snapshot, calls, 0, "abort");
            }
            try {
                long tid = s.commit(TxInfo.of("writer " + writer));
                return new Transaction(writer, snapshot, calls, tid == snapshot ? 0 : tid, tid == snapshot ? "nothing" : null);
            } catch (ConflictException | NameTakenException e) {
                s.abort();
                return new Transaction(writer, snapshot, calls, 0, e.getClass().getSimpleName());
            }
        }

        /** A folder of this session's view: one it listed, else the top; listed again so the read is recorded. */
        private Node pickFolder(Session s, List<Node> seen, List<Call> calls) {
            List<Node> folders = seen.stream().filter(n -> n.object() instanceof Folder).toList();
            Node folder = folders.get(random.nextInt(folders.size()));
            Optional<Node> now = s.find(folder.oid());
            if (now.isEmpty()) {
                folder = seen.get(0);
            }
            Node listed = folder;
            List<Node> children = s.children(listed).toList();
            calls.add(new Call("children", listed.oid(), 0, 0, null, false, null,
                    children.stream().map(ConcurrentCommitsModelTest::version).toList()));
            seen.addAll(children);
            return listed;
        }

        private static Version remember(List<Node> seen, Node node) {
            seen.add(node);
            return version(node);
        }

        private static Call call(String op, long oid, long nodeTid, long target, String name, boolean folder, String title,
                java.util.function.Supplier<Object> action) {
            Object answer;
            try {
                answer = action.get();
            } catch (StoreException e) {
                answer = e.getClass().getSimpleName();
            }
            return new Call(op, oid, nodeTid, target, name, folder, title, answer);
        }
    }

    private static Version version(Node n) {
        return new Version(n.oid(), n.parentOid(), n.name(), n.object() instanceof Folder,
                n.object() instanceof Folder f ? f.title() : n.object(Document.class).title(), n.tid());
    }

    // ---- the reader

    private static List<Look> read(Store store, String topPath, List<? extends Future<?>> writers) throws Exception {
        List<Look> looks = new ArrayList<>();
        while (writers.stream().anyMatch(f -> !f.isDone())) {
            try (Session s = store.openSession()) {
                long snapshot = s.snapshotTid();
                Map<Long, Version> first = tree(s, topPath);
                Thread.sleep(5); // a window for the writers to commit between the two reads of one snapshot
                Map<Long, Version> second = tree(s, topPath);
                looks.add(new Look(snapshot, first, second));
            }
        }
        return looks;
    }

    private static Map<Long, Version> tree(Session s, String topPath) {
        Map<Long, Version> out = new java.util.HashMap<>();
        List<Node> todo = new ArrayList<>(List.of(s.get(topPath)));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            out.put(n.oid(), version(n));
            s.children(n).forEach(todo::add);
        }
        return out;
    }

    // ---- afterwards: the model

    private static void verify(TreeModel model, List<Transaction> transactions, List<Look> looks, Store store, String topPath) {
        List<Transaction> committed = transactions.stream().filter(t -> t.ended() == null)
                .sorted(Comparator.comparingLong(Transaction::tid)).toList();
        for (Transaction t : committed) {
            TreeModel.Session m = model.new Session(t.snapshot());
            replay(model, m, t, topPath);
            Optional<String> refusal = m.commitRefusal();
            if (refusal.isPresent()) {
                throw new AssertionError("tid " + t.tid() + " of writer " + t.writer() + " (snapshot " + t.snapshot()
                        + ") committed, but first-committer-wins refuses it there: " + refusal.get() + "\n" + t);
            }
            m.committed(t.tid());
        }
        for (Transaction t : transactions) {
            if (t.ended() != null) {
                replay(model, model.new Session(t.snapshot()), t, topPath);
            }
        }
        for (Look look : looks) {
            assertEquals(look.first(), look.second(), "the same snapshot read twice (tid " + look.snapshot() + ")");
            assertEquals(model.state(look.snapshot()), look.first(), "the tree at tid " + look.snapshot());
        }
        try (Session s = store.openSession()) {
            assertEquals(model.state(model.latest()), tree(s, topPath), "the tree at the end");
        }
    }

    private static void replay(TreeModel model, TreeModel.Session m, Transaction t, String topPath) {
        for (Call c : t.calls()) {
            Map<Long, Version> view = m.view();
            String where = "writer " + t.writer() + " at tid " + t.snapshot() + ", " + c;
            switch (c.op()) {
                case "get" -> assertEquals(view.get(model.top()), c.answer(), where);
                // a name staged again that the snapshot has (the commit will fail) lists twice, in either order
                case "children" -> assertEquals(byNameAndOid(TreeModel.children(view, c.oid())),
                        byNameAndOid(castList(c.answer())), where);
                case "create" -> {
                    if (stagedChild(m, view, c.oid(), c.name(), -1)) {
                        assertEquals("NameTakenException", c.answer(), where);
                    } else {
                        if (!(c.answer() instanceof Version made)) {
                            throw new AssertionError(where + ": the model expected the create to be staged");
                        }
                        assertEquals(new Version(made.oid(), c.oid(), c.name(), c.folder(), c.title(), 0), made, where);
                        m.stage(made, 0);
                    }
                }
                case "update" -> {
                    Version now = view.get(c.oid());
                    if (now == null) {
                        assertEquals("NoSuchNodeException", c.answer(), where);
                    } else if (now.tid() != c.nodeTid()) {
                        assertEquals("ConflictException", c.answer(), where);
                    } else {
                        Version v = new Version(now.oid(), now.parent(), now.name(), now.folder(), c.title(), now.tid());
                        assertEquals(v, c.answer(), where);
                        m.stage(v, now.tid());
                    }
                }
                case "move" -> {
                    Version now = view.get(c.oid());
                    if (now == null) {
                        assertEquals("NoSuchNodeException", c.answer(), where);
                    } else if (now.tid() != c.nodeTid()) {
                        assertEquals("ConflictException", c.answer(), where);
                    } else if (model.within(view, c.target(), c.oid())) {
                        assertEquals("StoreException", c.answer(), where);
                    } else if (now.parent() == c.target() && now.name().equals(c.name())) {
                        assertEquals(now, c.answer(), where);
                    } else {
                        if (stagedChild(m, view, c.target(), c.name(), c.oid())) {
                            assertEquals("NameTakenException", c.answer(), where);
                        } else {
                            Version v = new Version(now.oid(), c.target(), c.name(), now.folder(), now.title(), now.tid());
                            assertEquals(v, c.answer(), where);
                            m.stage(v, now.tid());
                        }
                    }
                }
                case "delete" -> {
                    Version now = view.get(c.oid());
                    if (now == null) {
                        assertEquals("NoSuchNodeException", c.answer(), where);
                    } else if (now.tid() != c.nodeTid()) {
                        assertEquals("ConflictException", c.answer(), where);
                    } else {
                        assertEquals(null, c.answer(), where);
                        m.stageDelete(c.oid());
                    }
                }
                default -> throw new IllegalStateException(c.op());
            }
        }
    }

    private static List<Version> byNameAndOid(List<Version> versions) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Version::name).thenComparingLong(Version::oid));
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static List<Version> castList(Object answer) {
        return (List<Version>) answer;
    }

    /** Whether the session staged a node of that name in that folder (a name its snapshot has does not count). */
    private static boolean stagedChild(TreeModel.Session m, Map<Long, Version> view, long parent, String name, long except) {
        for (Version v : view.values()) {
            if (v.parent() == parent && v.name().equals(name) && v.oid() != except && m.isStaged(v.oid())) {
                return true;
            }
        }
        return false;
    }
}
