package nightshift.store.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A reference model of the store's promises, written from the documentation and not from the code: every commit makes
 * a new state of the tree under one top folder; a session reads the state of its snapshot with its own staged writes
 * over it; a write is based on the version of the node it was given; a commit succeeds only when first-committer-wins
 * snapshot isolation allows it (nothing it replaces or deletes changed since its snapshot, every folder it writes into
 * still exists, no one added into a folder it deletes, names stay unique, no folder ends up inside itself).
 */
public final class TreeModel {
    /** One version of a node: where it is, what it holds, and the tid that wrote it (for a staged write, its base). */
    public record Version(long oid, long parent, String name, boolean folder, String title, long tid) {
        Version at(long newTid) {
            return new Version(oid, parent, name, folder, title, newTid);
        }
    }

    /** A staged write: the new version (null for a delete) and the committed version it replaces (0 for a create). */
    public record Staged(Version version, long base) {
        public boolean deleted() {
            return version == null;
        }
    }

    private final long top;
    private final NavigableMap<Long, Map<Long, Version>> history = new TreeMap<>();

    public TreeModel(long tid, Version top) {
        this.top = top.oid();
        Map<Long, Version> state = new HashMap<>();
        state.put(top.oid(), top);
        history.put(tid, state);
    }

    public long top() {
        return top;
    }

    public long latest() {
        return history.lastKey();
    }

    public NavigableMap<Long, Map<Long, Version>> history() {
        return history;
    }

    /** The committed state at snapshot {@code tid}. */
    public Map<Long, Version> state(long tid) {
        Map.Entry<Long, Map<Long, Version>> e = history.floorEntry(tid);
        if (e == null) {
            throw new IllegalArgumentException("no state at tid " + tid);
        }
        return e.getValue();
    }

    /** A session of the model: its snapshot, its staged writes, and whether its next call moves it to the newest. */
    public final class Session {
        long snapshot;
        boolean renew;
        final Map<Long, Staged> staged = new LinkedHashMap<>();

        public Session() {
            this.snapshot = latest();
        }

        /** A session reading the committed state at {@code snapshot}, to replay what a real session did there. */
        public Session(long snapshot) {
            this.snapshot = snapshot;
        }

        /** Called before each operation: a commit or abort moved the session to the newest snapshot. */
        public void touch() {
            if (renew) {
                snapshot = latest();
                renew = false;
            }
        }

        public long snapshot() {
            return snapshot;
        }

        public boolean hasChanges() {
            return !staged.isEmpty();
        }

        public boolean isStaged(long oid) {
            Staged s = staged.get(oid);
            return s != null && !s.deleted();
        }

        /** What this session sees: its snapshot's state with its staged writes over it. */
        public Map<Long, Version> view() {
            Map<Long, Version> view = new HashMap<>(state(snapshot));
            staged.forEach((oid, s) -> {
                if (s.deleted()) {
                    view.remove(oid);
                } else {
                    view.put(oid, s.version());
                }
            });
            return view;
        }

        public void stage(Version v, long base) {
            staged.put(v.oid(), new Staged(v, base));
        }

        /** Stages the delete of {@code oid} and everything below it in this session's view. */
        public void stageDelete(long oid) {
            Map<Long, Version> view = view();
            List<Long> subtree = new ArrayList<>();
            subtree.add(oid);
            for (int i = 0; i < subtree.size(); i++) {
                long parent = subtree.get(i);
                for (Version v : view.values()) {
                    if (v.parent() == parent) {
                        subtree.add(v.oid());
                    }
                }
            }
            for (long o : subtree) {
                Staged before = staged.get(o);
                long base = before != null ? before.base() : view.get(o).tid();
                if (base == 0) {
                    staged.remove(o); // created in this session: deleting it leaves nothing to write
                } else {
                    staged.put(o, new Staged(null, base));
                }
            }
        }

        /** Why the commit must fail (a conflict or a taken name), or empty when it must succeed. */
        public Optional<String> commitRefusal() {
            Map<Long, Version> latest = state(latest());
            for (Map.Entry<Long, Staged> e : staged.entrySet()) {
                long oid = e.getKey();
                Staged s = e.getValue();
                if (s.base() != 0) {
                    Version now = latest.get(oid);
                    if (now == null || now.tid() != s.base()) {
                        return Optional.of("oid " + oid + " changed since tid " + s.base());
                    }
                }
            }
            Map<Long, Version> after = applied(latest, 0);
            for (Map.Entry<Long, Staged> e : staged.entrySet()) {
                Staged s = e.getValue();
                if (!s.deleted() && e.getKey() != top && !after.containsKey(s.version().parent())) {
                    return Optional.of("the folder of oid " + e.getKey() + " is gone");
                }
                if (s.deleted()) {
                    for (Version v : after.values()) {
                        if (v.parent() == e.getKey()) {
                            return Optional.of("oid " + v.oid() + " was added into deleted oid " + e.getKey());
                        }
                    }
                }
            }
            Map<String, Long> names = new HashMap<>();
            for (Version v : after.values()) {
                Long clash = names.put(v.parent() + "/" + v.name(), v.oid());
                if (clash != null) {
                    return Optional.of("name '" + v.name() + "' taken twice in oid " + v.parent());
                }
            }
            for (Version v : after.values()) {
                long up = v.parent();
                for (int i = 0; i <= after.size() && up != top && after.containsKey(up); i++) {
                    if (up == v.oid()) {
                        return Optional.of("oid " + v.oid() + " is inside itself");
                    }
                    up = after.get(up).parent();
                }
            }
            return Optional.empty();
        }

        private Map<Long, Version> applied(Map<Long, Version> base, long tid) {
            Map<Long, Version> after = new HashMap<>(base);
            staged.forEach((oid, s) -> {
                if (s.deleted()) {
                    after.remove(oid);
                } else {
                    after.put(oid, s.version().at(tid));
                }
            });
            return after;
        }

        /** Records the commit the store made with {@code tid}. */
        public void committed(long tid) {
            if (tid <= latest()) {
                throw new AssertionError("tid " + tid + " does not follow the newest, " + latest());
            }
            history.put(tid, applied(state(latest()), tid));
            staged.clear();
            renew = true;
        }

        /** A commit with nothing staged, or one that failed, or an abort: nothing changes but the snapshot. */
        public void discarded() {
            staged.clear();
            renew = true;
        }
    }

    /** The path of {@code oid} in {@code state}, from {@code topPath}; null if it is not reachable from the top. */
    public String path(Map<Long, Version> state, long oid, String topPath) {
        List<String> names = new ArrayList<>();
        long at = oid;
        for (int i = 0; i <= state.size(); i++) {
            if (at == top) {
                StringBuilder p = new StringBuilder(topPath);
                for (int j = names.size() - 1; j >= 0; j--) {
                    p.append('/').append(names.get(j));
                }
                return p.toString();
            }
            Version v = state.get(at);
            if (v == null) {
                return null;
            }
            names.add(v.name());
            at = v.parent();
        }
        return null;
    }

    /** The children of {@code oid} in {@code state}, by name in the store's order (bytewise, as COLLATE "C"). */
    public static List<Version> children(Map<Long, Version> state, long oid) {
        List<Version> out = new ArrayList<>();
        for (Version v : state.values()) {
            if (v.parent() == oid && v.oid() != oid) {
                out.add(v);
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Whether {@code inner} is {@code outer} or below it in {@code state}. */
    public boolean within(Map<Long, Version> state, long inner, long outer) {
        long at = inner;
        for (int i = 0; i <= state.size() && state.containsKey(at); i++) {
            if (at == outer) {
                return true;
            }
            if (at == top) {
                return false;
            }
            at = state.get(at).parent();
        }
        return at == outer;
    }
}
