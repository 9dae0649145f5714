package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.model.TreeModel;
import nightshift.store.model.TreeModel.Version;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several sessions, interleaved at random on one thread, read, create, update (also from nodes read before an abort
 * or a commit, and from nodes another session read), move, delete, commit and abort on a small tree. Every answer is
 * checked against {@link TreeModel}, and at the end every committed state is read back through a session in the
 * past. Reproducible: the seed is printed on failure, and {@code -Dnightshift.model.seed=N} runs that seed again.
 */
@ExtendWith(StoreExtension.class)
class StoreModelTest {
    private static final int SESSIONS = 4;
    private static final int OPERATIONS = 4_000;
    private static final String[] NAMES = {"a", "b", "c", "d", "e"};
    private static final int POOL = 300;

    private final Store store;

    StoreModelTest(Store store) {
        this.store = store;
    }

    @Test
    void interleaved_sessions_read_and_commit_as_snapshot_isolation_with_first_committer_wins() {
        long seed = Long.getLong("nightshift.model.seed", System.nanoTime());
        new Run(seed).go();
    }

    /** One run of the random operations, with what it did so far for the failure message. */
    private final class Run {
        private final long seed;
        private final Random random;
        private final Deque<String> trail = new ArrayDeque<>();
        private final List<Held> pool = new ArrayList<>();
        private final Session[] sessions = new Session[SESSIONS];
        private final TreeModel.Session[] models = new TreeModel.Session[SESSIONS];
        private final String topPath;
        private TreeModel model;
        private int step;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.topPath = "/model-" + Long.toUnsignedString(seed, 36);
        }

        /** A node some session returned, and which session it came from. */
        private record Held(Node node, int session) {
        }

        void go() {
            try (Session setup = store.openSession()) {
                Node top = setup.create(setup.root(), topPath.substring(1), Folder.titled("top"));
                long tid = setup.commit(TxInfo.of("model top"));
                top = setup.get(topPath);
                model = new TreeModel(tid, new Version(top.oid(), Node.ROOT_OID, top.name(), true, "top", tid));
            }
            try {
                for (int i = 0; i < SESSIONS; i++) {
                    sessions[i] = store.openSession();
                    models[i] = model.new Session();
                }
                for (step = 0; step < OPERATIONS; step++) {
                    int i = random.nextInt(SESSIONS);
                    models[i].touch();
                    assertEquals(models[i].snapshot(), sessions[i].snapshotTid(), "the snapshot of session " + i);
                    operate(i);
                }
                for (int i = 0; i < SESSIONS; i++) {
                    sessions[i].abort();
                }
                checkHistory();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (rerun with -Dnightshift.model.seed=" + seed + "), step " + step
                        + ": " + e.getMessage() + "\nlast operations:\n  " + String.join("\n  ", trail), e);
            } finally {
                for (Session s : sessions) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }

        private void note(int session, String what) {
            trail.addLast("#" + step + " s" + session + "@" + models[session].snapshot() + " " + what);
            if (trail.size() > 60) {
                trail.removeFirst();
            }
        }

        private void operate(int i) {
            int op = random.nextInt(100);
            if (op < 14) {
                read(i);
            } else if (op < 24) {
                list(i);
            } else if (op < 28) {
                find(i);
            } else if (op < 45) {
                create(i);
            } else if (op < 67) {
                update(i);
            } else if (op < 76) {
                move(i);
            } else if (op < 82) {
                delete(i);
            } else if (op < 96) {
                commit(i);
            } else {
                note(i, "abort");
                sessions[i].abort();
                models[i].discarded();
            }
        }

        // ---- reads

        private void read(int i) {
            Map<Long, Version> view = models[i].view();
            String path;
            if (random.nextInt(4) == 0) {
                path = pathOf(view, pick(folders(view))) + "/" + pick(NAMES);
            } else {
                List<Long> oids = new ArrayList<>(view.keySet());
                oids.sort(null); // the same seed picks the same nodes: oids come in the same order in every run
                path = pathOf(view, pick(oids));
            }
            note(i, "get " + path);
            Optional<Version> expected = view.values().stream()
                    .filter(v -> path.equals(pathOf(view, v.oid()))).findFirst();
            Node got;
            try {
                got = sessions[i].get(path);
            } catch (NoSuchNodeException e) {
                assertEquals(Optional.empty(), expected, "get " + path + " found nothing");
                return;
            }
            compare(expected.orElseThrow(() -> new AssertionError("get " + path + " found " + got)), got, view);
            hold(got, i);
        }

        private void list(int i) {
            Map<Long, Version> view = models[i].view();
            Node folder = fresh(i, pick(folders(view)));
            note(i, "children " + folder.path());
            List<Node> got = sessions[i].children(folder).toList();
            List<Version> expected = TreeModel.children(view, folder.oid());
            assertEquals(names(expected), got.stream().map(Node::name).toList(), "children of " + folder.path());
            for (int k = 0; k < got.size(); k++) {
                compare(expected.get(k), got.get(k), view);
                hold(got.get(k), i);
            }
        }

        private void find(int i) {
            Map<Long, Version> view = models[i].view();
            long oid = pool.isEmpty() ? model.top() : pick(pool).node().oid();
            note(i, "find oid " + oid);
            Optional<Node> got = sessions[i].find(oid);
            Version expected = view.get(oid);
            assertEquals(expected != null, got.isPresent(), "find oid " + oid);
            if (expected != null) {
                compare(expected, got.get(), view);
                hold(got.get(), i);
            }
        }

        // ---- writes

        private void create(int i) {
            TreeModel.Session m = models[i];
            Map<Long, Version> view = m.view();
            Node parent = fresh(i, pick(folders(view)));
            String name = pick(NAMES);
            boolean folder = random.nextInt(3) == 0;
            String title = "t" + step;
            note(i, "create " + parent.path() + "/" + name + (folder ? " (folder)" : ""));
            Version clash = child(view, parent.oid(), name, -1);
            if (clash != null && m.isStaged(clash.oid())) {
                expect(NameTakenException.class, () -> sessions[i].create(parent, name, object(folder, title)));
                return;
            }
            Node made = sessions[i].create(parent, name, object(folder, title));
            assertEquals(0, made.tid(), "a node not yet committed has tid 0");
            m.stage(new Version(made.oid(), parent.oid(), name, folder, title, 0), 0);
            if (clash != null) {
                commitTaken(i);
                return;
            }
            hold(made, i);
        }

        private void update(int i) {
            Held held = pickHeld();
            if (held == null) {
                return;
            }
            TreeModel.Session m = models[i];
            Map<Long, Version> view = m.view();
            Node node = held.node();
            Version now = view.get(node.oid());
            String title = "u" + step;
            note(i, "update " + node.path() + " (read at tid " + node.tid() + " by s" + held.session() + ")");
            Node changed = node.withObject(object(node.object() instanceof Folder, title));
            if (now == null) {
                expect(NoSuchNodeException.class, () -> sessions[i].update(changed));
            } else if (now.tid() != node.tid()) {
                expect(ConflictException.class, () -> sessions[i].update(changed));
            } else {
                Node got = sessions[i].update(changed);
                // a staged version carries the tid it replaces (0 for a create): the base stays what it was
                Version v = new Version(now.oid(), now.parent(), now.name(), now.folder(), title, now.tid());
                m.stage(v, now.tid());
                compare(v, got, m.view());
                hold(got, i);
            }
        }

        private void move(int i) {
            Held held = pickHeld();
            if (held == null || held.node().oid() == model.top()) {
                return;
            }
            TreeModel.Session m = models[i];
            Map<Long, Version> view = m.view();
            Node node = held.node();
            Node target = fresh(i, pick(folders(view)));
            String name = pick(NAMES);
            note(i, "move " + node.path() + " (read at tid " + node.tid() + ") to " + target.path() + "/" + name);
            Version now = view.get(node.oid());
            if (now == null) {
                expect(NoSuchNodeException.class, () -> sessions[i].move(node, target, name));
                return;
            }
            if (now.tid() != node.tid()) {
                expect(ConflictException.class, () -> sessions[i].move(node, target, name));
                return;
            }
            if (model.within(view, target.oid(), node.oid())) {
                expect(StoreException.class, () -> sessions[i].move(node, target, name));
                return;
            }
            if (now.parent() == target.oid() && now.name().equals(name)) {
                sessions[i].move(node, target, name);
                return;
            }
            Version clash = child(view, target.oid(), name, node.oid());
            if (clash != null && m.isStaged(clash.oid())) {
                expect(NameTakenException.class, () -> sessions[i].move(node, target, name));
                return;
            }
            Node got = sessions[i].move(node, target, name);
            m.stage(new Version(now.oid(), target.oid(), name, now.folder(), now.title(), now.tid()), now.tid());
            if (clash != null) {
                commitTaken(i);
                return;
            }
            compare(m.view().get(now.oid()), got, m.view());
            hold(got, i);
        }

        private void delete(int i) {
            Held held = pickHeld();
            if (held == null || held.node().oid() == model.top()) {
                return;
            }
            TreeModel.Session m = models[i];
            Node node = held.node();
            Version now = m.view().get(node.oid());
            note(i, "delete " + node.path() + " (read at tid " + node.tid() + ")");
            if (now == null) {
                expect(NoSuchNodeException.class, () -> {
                    sessions[i].delete(node);
                    return null;
                });
            } else if (now.tid() != node.tid()) {
                expect(ConflictException.class, () -> {
                    sessions[i].delete(node);
                    return null;
                });
            } else {
                sessions[i].delete(node);
                m.stageDelete(node.oid());
            }
        }

        private void commit(int i) {
            TreeModel.Session m = models[i];
            Optional<String> refusal = m.commitRefusal();
            note(i, "commit" + (m.hasChanges() ? "" : " (nothing staged)") + refusal.map(r -> ", must fail: " + r).orElse(""));
            if (!m.hasChanges()) {
                assertEquals(m.snapshot(), sessions[i].commit(TxInfo.of("model")), "an empty commit returns the snapshot");
                m.discarded();
                return;
            }
            if (refusal.isPresent()) {
                StoreException e = expect(StoreException.class, () -> sessions[i].commit(TxInfo.of("model")));
                if (!(e instanceof ConflictException || e instanceof NameTakenException)) {
                    throw new AssertionError("a refused commit says conflict or name taken, not " + e, e);
                }
                sessions[i].abort();
                m.discarded();
                return;
            }
            long tid;
            try {
                tid = sessions[i].commit(TxInfo.of("model"));
            } catch (ConflictException | NameTakenException e) {
                throw new AssertionError("the model allows this commit, the store refused it: " + e.getMessage(), e);
            }
            m.committed(tid);
        }

        /**
         * The session staged a name its snapshot has already, in a node it has not staged: its view would hold the name
         * twice, so it commits at once. The commit is refused unless a commit since its snapshot moved or deleted the
         * other node (then the name is free, and nothing conflicts).
         */
        private void commitTaken(int i) {
            commit(i);
            if (models[i].hasChanges()) {
                throw new AssertionError("the commit after a name taken in the snapshot left writes staged");
            }
        }

        // ---- the end: every committed state, read back in the past

        private void checkHistory() {
            List<Long> tids = new ArrayList<>(model.history().keySet());
            try (Store other = Store.open(store.config())) {
                for (int k = 0; k < tids.size(); k++) {
                    long tid = tids.get(k);
                    boolean last = k == tids.size() - 1;
                    Store on = k % 2 == 0 ? store : other;
                    try (Session past = last ? on.openSession() : on.openSessionAt(tid)) {
                        step = -k;
                        Map<Long, Version> state = model.state(tid);
                        walk(past, past.get(topPath), state);
                    }
                }
            }
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("WITH RECURSIVE t(oid) AS (SELECT oid FROM ns_object WHERE end_tid IS NULL"
                            + " AND parent_oid = 0 AND name = '" + topPath.substring(1) + "' UNION ALL SELECT o.oid FROM t JOIN"
                            + " ns_object o ON o.parent_oid = t.oid AND o.end_tid IS NULL) SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(model.state(model.latest()).size(), rs.getLong(1), "current nodes reachable from the top");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }

        private void walk(Session s, Node folder, Map<Long, Version> state) {
            List<Node> got = s.children(folder).toList();
            List<Version> expected = TreeModel.children(state, folder.oid());
            assertEquals(names(expected), got.stream().map(Node::name).toList(), "children of " + folder.path()
                    + " at tid " + s.snapshotTid());
            for (int k = 0; k < got.size(); k++) {
                compare(expected.get(k), got.get(k), state);
                if (expected.get(k).folder()) {
                    walk(s, got.get(k), state);
                }
            }
        }

        // ---- helpers

        private Node fresh(int i, long oid) {
            return sessions[i].find(oid).orElseThrow(() -> new AssertionError("oid " + oid + " is in the model's view"));
        }

        private void compare(Version expected, Node got, Map<Long, Version> view) {
            String path = pathOf(view, expected.oid());
            assertEquals(expected.oid(), got.oid(), "oid of " + path);
            assertEquals(path, got.path(), "path of oid " + expected.oid());
            assertEquals(expected.parent(), got.parentOid(), "folder of " + path);
            assertEquals(expected.tid(), got.tid(), "version (tid) of " + path);
            assertEquals(expected.folder(), got.object() instanceof Folder, "type of " + path);
            assertEquals(expected.title(), got.object() instanceof Folder f ? f.title() : got.object(Document.class).title(),
                    "title of " + path);
        }

        private String pathOf(Map<Long, Version> view, long oid) {
            return model.path(view, oid, topPath);
        }

        private List<Long> folders(Map<Long, Version> view) {
            List<Long> out = new ArrayList<>();
            for (Version v : view.values()) {
                if (v.folder() && pathOf(view, v.oid()) != null) {
                    out.add(v.oid());
                }
            }
            out.sort(null);
            return out;
        }

        private Version child(Map<Long, Version> view, long parent, String name, long except) {
            for (Version v : view.values()) {
                if (v.parent() == parent && v.name().equals(name) && v.oid() != except) {
                    return v;
                }
            }
            return null;
        }

        private Object object(boolean folder, String title) {
            return folder ? Folder.titled(title) : Document.of(title, "");
        }

        private void hold(Node node, int session) {
            if (pool.size() >= POOL) {
                pool.remove(random.nextInt(pool.size()));
            }
            pool.add(new Held(node, session));
        }

        private Held pickHeld() {
            return pool.isEmpty() ? null : pick(pool);
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private String pick(String[] from) {
            return from[random.nextInt(from.length)];
        }

        private List<String> names(List<Version> versions) {
            return versions.stream().map(Version::name).toList();
        }

        private <T extends Throwable> T expect(Class<T> type, Supplier<?> call) {
            Object result;
            try {
                result = call.get();
            } catch (Throwable t) {
                if (type.isInstance(t)) {
                    return type.cast(t);
                }
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + t, t);
            }
            throw new AssertionError("expected " + type.getSimpleName() + ", but it succeeded: " + result);
        }
    }
}
