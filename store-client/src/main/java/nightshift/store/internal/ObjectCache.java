package nightshift.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded, least-recently-used cache of node versions shared by the sessions of one store. Every entry is the
 * current version as of the cache's checkpoint tid; {@link #poll} moves the checkpoint forward and drops what the
 * transactions in between changed. A session at snapshot S may use an entry written at tid t when t &lt;= S &lt;=
 * checkpoint, and may add entries only when S is the checkpoint.
 *
 * <p>It keeps rows (the encoded state), not decoded objects: a decode costs microseconds, whereas handing the same
 * mutable object to two sessions would let one session's uncommitted change leak into the other.
 */
final class ObjectCache {
    private final int capacity;
    private final LinkedHashMap<Long, Row> entries;
    // Which oid a (folder, name) pointed to when its row was cached: a job resolves the same paths run after run.
    // Only a hint: an entry counts when the cached row of that oid still has that folder and name.
    private final LinkedHashMap<ChildName, Long> names;
    private long checkpoint = -1;
    private long hits;
    private long misses;

    ObjectCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Row> eldest) {
                return size() > ObjectCache.this.capacity;
            }
        };
        this.names = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ChildName, Long> eldest) {
                return size() > ObjectCache.this.capacity;
            }
        };
    }

    synchronized Row get(long oid, long snapshot) {
        if (snapshot > checkpoint) {
            misses++;
            return null;
        }
        Row row = entries.get(oid);
        if (row == null || row.tid() > snapshot) {
            misses++;
            return null;
        }
        hits++;
        return row;
    }

    /**
     * The child named {@code name} of {@code parentOid} at {@code snapshot}, if the cache holds it. A cached row is
     * the current version at the checkpoint; at a snapshot between its tid and the checkpoint it is visible, and
     * since current names are unique within a folder, it is the one child of that name.
     */
    synchronized Row child(long parentOid, String name, long snapshot) {
        Long oid = snapshot > checkpoint ? null : names.get(new ChildName(parentOid, name));
        Row row = oid == null ? null : entries.get(oid);
        if (row == null || row.tid() > snapshot || row.parentOid() != parentOid || !row.name().equals(name)) {
            misses++;
            return null;
        }
        hits++;
        return row;
    }

    synchronized void put(Row row, long snapshot) {
        if (capacity > 0 && snapshot == checkpoint) {
            entries.put(row.oid(), row);
            names.put(new ChildName(row.parentOid(), row.name()), row.oid());
        }
    }

    /**
     * Brings the cache up to {@code tid}: drops every oid whose version ended after the checkpoint (updated, moved or
     * deleted). New oids need no dropping, the cache never held them. Too many changes clear it instead.
     */
    void poll(Connection c, long tid) throws SQLException {
        long from = pollFrom();
        if (from < 0 || tid <= from) {
            advance(from, tid, null);
            return;
        }
        List<Long> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(changedSince())) {
            ps.setLong(1, from);
            ps.setLong(2, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getLong(1));
                }
            }
        }
        advance(from, tid, changed);
    }

    /**
     * The oids whose version ended after a checkpoint (two parameters, both the checkpoint), at most one more than the
     * cache holds; -1 when a pack past the checkpoint may have removed the very versions that would say what changed.
     * Versions that ended after the tid the caller brings the cache up to are included: dropping them too is safe (the
     * next read loads them again), and an upper bound would cost more than it saves. With {@code end_tid <= } a
     * column of the statement (the snapshot registration's tid), the planner took the range for its default share of
     * ns_object and read every ended version through {@code ns_object_history_name} instead of walking
     * {@code ns_object_history_end} from the checkpoint, at every registration. Ordered and limited inside, which
     * makes the walk the cheaper plan whenever the estimates are sane. The prepared (generic) plan, made once on
     * whatever statistics there were, could still read the other partial index whole when they made that look nearly
     * free; since migration V9 that index's predicate also asks for a
     * parent, which this query does not imply, so it cannot serve the poll at all (IndexChoiceTest).
     */
    String changedSince() {
        String limit = " LIMIT " + (capacity + 1);
        return "(SELECT -1 FROM ns_pack WHERE horizon > ? LIMIT 1)"
                + " UNION ALL (SELECT oid FROM ns_object WHERE end_tid > ? ORDER BY end_tid" + limit + ")" + limit;
    }

    /** The checkpoint a poll must read the changes since, or -1 when the cache is empty and needs none. */
    synchronized long pollFrom() {
        return checkpoint < 0 || entries.isEmpty() ? -1 : checkpoint;
    }

    /**
     * Moves the checkpoint to {@code tid}, given what changed between {@code from} ({@link #pollFrom}) and it. Another
     * session may have moved the checkpoint in between: past {@code tid}, nothing is left to do; to a point between,
     * the changes read cover a superset of what is left, and dropping too much only costs cache hits.
     */
    synchronized void advance(long from, long tid, List<Long> changed) {
        if (tid <= checkpoint) {
            return;
        }
        if (changed == null && (checkpoint >= 0 && !entries.isEmpty())) {
            // Read nothing (the cache was empty), yet another session filled it since: start over.
            clear();
        } else if (changed != null && (changed.contains(-1L) || changed.size() > capacity)) {
            clear();
        } else if (changed != null) {
            for (Long oid : changed) {
                entries.remove(oid);
            }
        }
        checkpoint = tid;
    }

    private void clear() {
        entries.clear();
        names.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
