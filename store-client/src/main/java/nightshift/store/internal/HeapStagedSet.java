package nightshift.store.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nightshift.store.spi.CommitHook;

/**
 * The commit's statements for a session whose staged writes never left the heap (most sessions: fewer than the
 * staging buffer holds). The same checks as {@link SpilledCommit}, with the staged oids sent as arrays, and the
 * new versions inserted straight into {@code ns_object} from arrays: no temporary table to fill, analyze and
 * truncate, and each row crosses to the server once.
 */
final class HeapStagedSet implements StagedSet {
    private static final int LIMIT = 100;

    private final Connection connection;
    private final List<StagedRow> rows;

    HeapStagedSet(Connection connection, Collection<StagedRow> rows) {
        this.connection = connection;
        this.rows = List.copyOf(rows);
    }

    @Override
    public void prepare() {
        // nothing to analyze: the statements below see only arrays
    }

    @Override
    public List<CommitCheck> checks(boolean anyDeletes) throws SQLException {
        List<CommitCheck> checks = new ArrayList<>(locks());
        CommitCheck stale = stale();
        if (stale != null) {
            checks.add(stale);
        }
        CommitCheck orphaned = orphaned();
        if (orphaned != null) {
            checks.add(orphaned);
        }
        CommitCheck addedUnderDeleted = anyDeletes ? addedUnderDeleted() : null;
        if (addedUnderDeleted != null) {
            checks.add(addedUnderDeleted);
        }
        return checks;
    }

    /**
     * The row locks the checks rely on (see {@code SpilledCommit} and docs/architecture.md): the versions this commit
     * deletes {@code FOR UPDATE}, so a commit adding into one of them waits for it, and the folders it writes into
     * (and does not stage itself) {@code FOR KEY SHARE}, so a commit deleting one of them waits for it.
     */
    private List<CommitCheck> locks() throws SQLException {
        Set<Long> staged = new HashSet<>();
        List<Long> deleted = new ArrayList<>();
        for (StagedRow r : rows) {
            staged.add(r.oid());
            if (r.deleted() && !r.isNew()) {
                deleted.add(r.oid());
            }
        }
        Set<Long> folders = new HashSet<>();
        for (StagedRow r : rows) {
            long parent = r.row().parentOid();
            if (!r.deleted() && parent >= 0 && !staged.contains(parent)) {
                folders.add(parent);
            }
        }
        List<CommitCheck> locks = new ArrayList<>(2);
        if (!deleted.isEmpty()) {
            locks.add(CommitCheck.locking("SELECT 1 FROM ns_object WHERE oid = ANY(?) AND end_tid IS NULL"
                    + " ORDER BY oid FOR UPDATE", List.of(longs(deleted))));
        }
        if (!folders.isEmpty()) {
            locks.add(CommitCheck.locking("SELECT 1 FROM ns_object WHERE oid = ANY(?) AND end_tid IS NULL"
                    + " ORDER BY oid FOR KEY SHARE", List.of(longs(folders))));
        }
        return locks;
    }

    /** A staged node whose current version is not the one the session read (none to check if all are new). */
    private CommitCheck stale() throws SQLException {
        List<Long> oids = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        for (StagedRow r : rows) {
            if (!r.isNew()) {
                oids.add(r.oid());
                bases.add(r.baseTid());
            }
        }
        if (oids.isEmpty()) {
            return null;
        }
        return check("SELECT s.oid FROM unnest(?::bigint[], ?::bigint[]) s(oid, base_tid)"
                + " LEFT JOIN ns_object o ON o.oid = s.oid AND o.end_tid IS NULL"
                + " WHERE o.tid IS NULL OR o.tid <> s.base_tid LIMIT " + LIMIT, "changed", longs(oids), longs(bases));
    }

    /**
     * A staged live node's parent must be a live staged node, or a current node the session does not stage at all
     * (a staged deletion does not count). The first is known here; only the distinct other parents go to the server.
     */
    private CommitCheck orphaned() throws SQLException {
        Map<Long, StagedRow> byOid = new HashMap<>();
        for (StagedRow r : rows) {
            byOid.put(r.oid(), r);
        }
        Map<Long, List<Long>> childrenOf = new HashMap<>();
        List<Long> known = new ArrayList<>();
        for (StagedRow r : rows) {
            long parent = r.row().parentOid();
            if (r.deleted() || parent < 0) {
                continue;
            }
            StagedRow p = byOid.get(parent);
            if (p == null) {
                childrenOf.computeIfAbsent(parent, k -> new ArrayList<>()).add(r.oid());
            } else if (p.deleted()) {
                known.add(r.oid());
            }
        }
        if (childrenOf.isEmpty()) {
            return known.isEmpty() ? null : CommitCheck.known(orphans(known));
        }
        return new CommitCheck("SELECT p FROM unnest(?::bigint[]) p"
                + " WHERE NOT EXISTS (SELECT 1 FROM ns_object o WHERE o.oid = p AND o.end_tid IS NULL)",
                List.of(longs(childrenOf.keySet())), rs -> {
                    List<Long> orphans = new ArrayList<>(known);
                    while (rs.next()) {
                        orphans.addAll(childrenOf.get(rs.getLong(1)));
                    }
                    return orphans.isEmpty() ? null : orphans(orphans);
                });
    }

    private static Committer.Conflict orphans(List<Long> oids) {
        return new Committer.Conflict(first(oids), CommitCheck.explain("parent deleted"));
    }

    /** A node someone else added into a folder this session deletes (none to check if it deletes nothing old). */
    private CommitCheck addedUnderDeleted() throws SQLException {
        List<Long> deleted = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (StagedRow r : rows) {
            all.add(r.oid());
            if (r.deleted() && !r.isNew()) {
                deleted.add(r.oid());
            }
        }
        if (deleted.isEmpty()) {
            return null;
        }
        return check("SELECT o.oid FROM ns_object o WHERE o.parent_oid = ANY(?) AND o.end_tid IS NULL AND o.oid <> ALL(?)"
                + " LIMIT " + LIMIT, "added under deleted", longs(deleted), longs(all));
    }

    /**
     * The new versions go in as one INSERT over arrays, not a COPY: a statement can be sent with others (the hook's,
     * the COMMIT) in one round trip, where a COPY takes two of its own. They name the tid as {@code ns_tid()}, so
     * they can also be sent before the client knows it ({@code tid} is not used).
     */
    @Override
    public List<CommitHook.Statement> writes(long tid) throws SQLException {
        List<CommitHook.Statement> writes = new ArrayList<>(2);
        List<Long> replaced = new ArrayList<>();
        List<Long> oids = new ArrayList<>();
        List<Long> parents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        for (StagedRow s : rows) {
            if (!s.isNew()) {
                replaced.add(s.oid());
            }
            if (!s.deleted()) {
                Row r = s.row();
                oids.add(r.oid());
                parents.add(r.parentOid() < 0 ? null : r.parentOid());
                names.add(r.name());
                types.add(r.typeId());
                owners.add(r.owner());
                states.add(r.state());
            }
        }
        if (!replaced.isEmpty()) {
            writes.add(CommitHook.Statement.of("UPDATE ns_object SET end_tid = (SELECT ns_tid())"
                    + " WHERE oid = ANY(?) AND end_tid IS NULL", longs(replaced)));
        }
        if (!oids.isEmpty()) {
            writes.add(CommitHook.Statement.of("INSERT INTO ns_object (oid, tid, parent_oid, name, type_id, owner, state)"
                    + " SELECT oid, (SELECT ns_tid()), parent_oid, name, type_id, owner, state"
                    + " FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::integer[], ?::text[], ?::bytea[])"
                    + " AS s(oid, parent_oid, name, type_id, owner, state)", longs(oids), longs(parents),
                    connection.createArrayOf("text", names.toArray(new String[0])),
                    connection.createArrayOf("integer", types.toArray(new Integer[0])),
                    connection.createArrayOf("text", owners.toArray(new String[0])),
                    connection.createArrayOf("bytea", states.toArray(new byte[0][]))));
        }
        return writes;
    }

    @Override
    public Committer.Conflict cycle() throws SQLException {
        List<Long> oids = new ArrayList<>();
        List<Long> parents = new ArrayList<>();
        for (StagedRow r : rows) {
            if (r.moved() && !r.deleted()) {
                oids.add(r.oid());
                parents.add(r.row().parentOid());
            }
        }
        if (oids.isEmpty()) {
            return null;
        }
        return CommitCheck.run(connection, check("WITH RECURSIVE up(start, oid, depth) AS ("
                + " SELECT s.oid, s.parent_oid, 1 FROM unnest(?::bigint[], ?::bigint[]) s(oid, parent_oid)"
                + " UNION ALL SELECT up.start, o.parent_oid, up.depth + 1 FROM up"
                + " JOIN ns_object o ON o.oid = up.oid AND o.end_tid IS NULL"
                + " WHERE up.oid <> up.start AND up.depth < 10000)"
                + " SELECT DISTINCT start FROM up WHERE oid = start LIMIT " + LIMIT, "moved into itself", longs(oids), longs(parents)));
    }

    /** Run after rollback: staged live nodes whose name another current node (not staged by this session) holds. */
    @Override
    public Committer.Conflict nameTaken(long snapshot) throws SQLException {
        List<Long> oids = new ArrayList<>();
        List<Long> parents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<Long> staged = new HashSet<>();
        for (StagedRow r : rows) {
            staged.add(r.oid());
            if (!r.deleted()) {
                oids.add(r.oid());
                parents.add(r.row().parentOid() < 0 ? null : r.row().parentOid());
                names.add(r.row().name());
            }
        }
        List<Long> existed = new ArrayList<>();
        List<Long> raced = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT s.oid, o.oid, o.tid <= ?"
                + " FROM unnest(?::bigint[], ?::bigint[], ?::text[]) s(oid, parent_oid, name)"
                + " JOIN ns_object o ON o.parent_oid = s.parent_oid AND o.name = s.name COLLATE \"C\" AND o.end_tid IS NULL AND o.oid <> s.oid")) {
            ps.setLong(1, snapshot);
            ps.setArray(2, longs(oids));
            ps.setArray(3, longs(parents));
            ps.setArray(4, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && existed.size() + raced.size() < LIMIT) {
                    if (!staged.contains(rs.getLong(2))) {
                        (rs.getBoolean(3) ? existed : raced).add(rs.getLong(1));
                    }
                }
            }
        }
        if (!existed.isEmpty()) {
            return new Committer.Conflict(existed, "name already taken", true);
        }
        return new Committer.Conflict(raced, "name already taken by a concurrent commit");
    }

    /** A check whose rows are the oids in conflict, for {@code reason}. */
    private static CommitCheck check(String sql, String reason, Array... arrays) {
        return new CommitCheck(sql, List.of((Object[]) arrays), rs -> {
            Set<Long> oids = new LinkedHashSet<>();
            while (rs.next()) {
                oids.add(rs.getLong(1));
            }
            return oids.isEmpty() ? null : new Committer.Conflict(List.copyOf(oids), CommitCheck.explain(reason));
        });
    }

    /** Typed, so the driver sends the array in binary: an Object[] is sent as text, each element formatted. */
    private Array longs(Collection<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray(new Long[0]));
    }

    private static List<Long> first(List<Long> oids) {
        return oids.size() <= LIMIT ? oids : oids.subList(0, LIMIT);
    }
}
