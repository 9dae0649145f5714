package nightshift.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's staged writes, one {@link StagedRow} per oid, latest wins. The newest ones are kept on the heap
 * ({@link HeapWrites}); past
 * the buffer limit they spill, so a session that stages a million creates needs no more heap than one that stages a
 * thousand ({@link SpilledWrites}): each new version goes, ready to be copied into {@code ns_object}, to a file of the client's
 * ({@link SpillFile}), and the rest of the row, with where its state is in the file, by binary COPY into a temporary
 * table on the session's own connection ({@code ns_staged}). A temporary table is private to its connection and holds
 * no lock on the store's tables; commit checks it with set-based statements and copies the file's live versions in.
 *
 * <p>The table is filled only when needed ({@link #useTable}): while every spilled write creates a node, the file
 * alone holds them, and the few lookups among them read the file. A bulk create so commits from the file with no
 * table at all; the first write that replaces a spilled one or changes a stored node, a listing, or lookups that
 * keep reading the file copy its tuples into the table, and every later spill goes there too.
 *
 * <p>A spill runs on a thread of its own ({@link SpillThread}): the rows are written, and taken in by the server, while
 * the job stages the next ones, which held a bulk create up while it waited for each spill. Only one
 * spill is in flight, so the heap holds at most twice the buffer. {@link #settle} waits for it, and must come before
 * anything else is sent on the connection: the session's own statements go through an {@link InterceptedConnection} that settles first,
 * and every read of the table here settles first. The COPY ends as soon as the server has the rows, so no statement
 * stays open between the job's calls.
 */
final class StagedWrites {
    private final int bufferLimit;
    private final HeapWrites buffer = new HeapWrites();
    private final SpilledWrites spilled;

    StagedWrites(Connection connection, int bufferLimit, Path spillDirectory) {
        this.bufferLimit = bufferLimit;
        this.spilled = new SpilledWrites(connection, spillDirectory);
    }

    boolean isEmpty() {
        return buffer.isEmpty() && !spilled.any();
    }

    /** Whether some writes live in the temporary table (then reads must consult it). */
    boolean spilled() {
        return spilled.any();
    }

    StagedRow get(long oid) throws SQLException {
        StagedRow row = buffer.get(oid);
        if (row != null) {
            return row;
        }
        return spilled.get(oid);
    }

    /** {@link #get} for many oids, those that may be spilled read in one query; oids not staged are left out. */
    Map<Long, StagedRow> getAll(long[] oids) throws SQLException {
        Map<Long, StagedRow> found = new HashMap<>();
        List<Long> maybeSpilled = new ArrayList<>();
        for (long oid : oids) {
            StagedRow row = buffer.get(oid);
            if (row != null) {
                found.put(oid, row);
            } else if (spilled.mightHold(oid)) {
                maybeSpilled.add(oid);
            }
        }
        if (!maybeSpilled.isEmpty()) {
            spilled.getAll(maybeSpilled, found);
        }
        return found;
    }

    /** The live (not deleted) staged node with this name in this folder, if any. */
    StagedRow childByName(long parentOid, String name) throws SQLException {
        Long oid = buffer.oidNamed(parentOid, name);
        if (oid != null) {
            return buffer.get(oid);
        }
        StagedRow row = spilled.childByName(parentOid, name);
        // A newer staging of the same oid in the buffer (renamed or moved away) wins over the spilled one.
        return row == null || buffer.contains(row.oid()) ? null : row;
    }

    /** Stages the write of a node this session just created, with an oid never staged before: nothing to look up. */
    void putCreated(StagedRow row) throws SQLException {
        add(row);
    }

    void put(StagedRow row) throws SQLException {
        StagedRow previous = buffer.remove(row.oid());
        if (previous != null) {
            row = row.inTemp(previous.inTemp());
        } else if (spilled.any()) {
            row = row.inTemp(get(row.oid()) != null);
        }
        add(row);
    }

    private void add(StagedRow row) throws SQLException {
        buffer.add(row);
        if (buffer.size() >= bufferLimit) {
            spill();
        }
    }

    /**
     * Whether any staged write would change the store: not when every one deletes a node this session created (a
     * node created and deleted again leaves nothing to write).
     */
    boolean hasEffect() throws SQLException {
        for (StagedRow r : buffer.values()) {
            if (!(r.deleted() && r.isNew())) {
                return true;
            }
        }
        if (!spilled.any()) {
            return false;
        }
        flush();
        return spilled.hasEffect();
    }

    /** The bytes of the states still on the heap. */
    long bufferedBytes() {
        return buffer.bytes();
    }

    /** The writes still on the heap: all of them when nothing {@link #spilled()}. */
    java.util.Collection<StagedRow> buffered() {
        return buffer.values();
    }

    /** Builds the temporary table's (folder, name) index, for a listing ({@link SpilledWrites#indexNames}). */
    void indexNames() throws SQLException {
        spilled.indexNames();
    }

    /** Whether the temporary table holds every spilled write (else they are creates, in the file alone). */
    boolean tableInUse() {
        return spilled.tableInUse();
    }

    /** Makes the temporary table hold every spilled write from now on ({@link SpilledWrites#useTable}). */
    void useTable() throws SQLException {
        spilled.useTable();
    }

    /** Whether {@code oid} is a node created by a spilled write, from the file ({@link SpilledWrites#createdInFile}). */
    boolean createdInFile(long oid) throws SQLException {
        return spilled.createdInFile(oid);
    }

    /** Up to {@code limit} of the spilled creates in those folders, smallest oids first, from the file. */
    List<Long> createdInFileUnder(java.util.Collection<Long> parents, int limit) throws SQLException {
        return spilled.createdInFileUnder(parents, limit);
    }

    /** Moves every buffered write into the temporary table, and waits until the server has them. */
    void flush() throws SQLException {
        spill();
        settle();
    }

    /**
     * Waits until the spill in flight is done; a spill that failed fails this call and every later one until
     * {@link #clear} ({@link SpillThread#settle}).
     */
    void settle() throws SQLException {
        spilled.settle();
    }

    /** Hands every buffered write to a spill thread ({@link SpilledWrites#spill}). */
    private void spill() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        spilled.spill(new ArrayList<>(buffer.values()));
        buffer.clear();
    }

    /**
     * At commit, after {@link #flush}: every live staged version into {@code ns_object} as of {@code tid}, by one
     * binary COPY from the file. Returns how many.
     */
    long copyInto(Connection on, long tid) throws SQLException {
        return spilled.copyInto(on, tid);
    }

    /**
     * The folders of the spilled writes when each of them creates a live node (a bulk create), else null. A
     * superset: a folder may no longer hold any of them.
     */
    long[] createdOnlyParents() {
        return spilled.createdOnlyParents();
    }

    /** Counts of the staged writes by kind, and the first oids of each kind. */
    StagedCounts summary(int samples) throws SQLException {
        if (!spilled.any()) {
            return buffer.isEmpty() ? StagedCounts.none() : StagedCounts.ofHeap(buffer.values(), samples);
        }
        flush();
        return spilled.summary(samples);
    }

    /** Forgets every staged write. */
    void clear() throws SQLException {
        buffer.clear();
        spilled.clear();
    }

    /**
     * The state of a spilled version, from the file, given the columns of {@code rs} that say where it is (both null
     * for a deletion, which has no state). The spill that wrote it must have settled.
     */
    byte[] state(ResultSet rs, int atColumn, int lengthColumn) throws SQLException {
        return spilled.state(rs, atColumn, lengthColumn);
    }

    /** Gives the file back; the session is done with its staged writes. */
    void close() {
        spilled.close();
    }
}
