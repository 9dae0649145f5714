package nightshift.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The staged writes that left the heap: each new version in the session's {@link SpillFile}, ready to be copied into
 * {@code ns_object}, and, once something must read them on the server, the rest of each row in the temporary table
 * ({@link StagedTable}). Bloom filters over the spilled oids and names keep lookups off the network for everything
 * not spilled. See {@link StagedWrites} for when the table is filled.
 */
final class SpilledWrites {
    private static final int BLOOM_BITS = 23;
    private static final int READ_BACK_ENTRIES = 256;

    private final Connection connection;
    private final Path spillDirectory;
    private final StagedTable table;
    private final SpillThread spills = new SpillThread();
    private final SpilledCreates creates = new SpilledCreates();
    // Created at the first spill: most sessions never spill and should not pay for them.
    private BloomFilter spilledOids;
    private BloomFilter spilledNames;
    private BinaryCopy.Chunk copyChunk;
    private SpillFile file;
    // The file's tuples a later staging of the same oid replaced (or deleted): the commit leaves them out.
    private final BitSet superseded = new BitSet();
    // Spilled rows read back recently: the folder a bulk job creates into is looked up on every create.
    private final Map<Long, StagedRow> readBack = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, StagedRow> eldest) {
            return size() > READ_BACK_ENTRIES;
        }
    };
    private boolean spilled;
    // Whether the temporary table holds every spilled write. A spill of creates only goes to the file alone, until
    // something must read the spilled writes on the server (see useTable): the table then gets the file's tuples, and
    // every later spill. A bulk create never reads them, and its spills into the table were a large part of the
    // server's time for the whole job.
    private boolean tableInUse;
    private static final int SCANNED_NAME_LOOKUPS = 4;
    private int spilledNameLookups;
    // Lookups among spilled writes are answered by reading the file until they have read it this many times over;
    // the table is filled for the next ones. Filling it costs several reads of the file, and most lookups stop early:
    // the folder a bulk job creates into, the first creates named in the run's summary.
    private static final int FILE_READS_BEFORE_TABLE = 4;
    private long fileScanned;

    SpilledWrites(Connection connection, Path spillDirectory) {
        this.connection = connection;
        this.spillDirectory = spillDirectory;
        this.table = new StagedTable(connection);
    }

    /** Whether any write was spilled (then reads must consult the file or the table). */
    boolean any() {
        return spilled;
    }

    /** Whether {@code oid} may have been spilled (the Bloom filter's answer). */
    boolean mightHold(long oid) {
        return spilled && spilledOids.mightContain(oid);
    }

    /** The spilled write of {@code oid}, or null. */
    StagedRow get(long oid) throws SQLException {
        if (!mightHold(oid)) {
            return null;
        }
        StagedRow row = readBack.get(oid);
        if (row != null) {
            return row;
        }
        settle();
        if (scansFile()) {
            row = createdInFile(e -> e.oid() == oid);
        } else {
            row = table.byOid(oid, file);
        }
        if (row != null) {
            readBack.put(oid, row);
        }
        return row;
    }

    /** The spilled writes of those oids (each one {@link #mightHold}), read in one query, into {@code found}. */
    void getAll(List<Long> maybeSpilled, Map<Long, StagedRow> found) throws SQLException {
        settle();
        useTable();
        table.byOids(maybeSpilled, file, found);
    }

    /** The live spilled node with this name in this folder, if any (a newer staging on the heap may replace it). */
    StagedRow childByName(long parentOid, String name) throws SQLException {
        if (!spilled || !spilledNames.mightContain(BloomFilter.key(parentOid, name))) {
            return null;
        }
        settle();
        if (scansFile()) {
            return createdInFile(e -> e.parentOid() == parentOid && e.name().equals(name));
        }
        // The first few lookups scan the table: in a bulk create they are the Bloom filter's false positives, about
        // one per 100,000 names, and an index built for one of them was kept up by every later spill. A session
        // that keeps reading names among its spilled writes gets the index.
        if (++spilledNameLookups > SCANNED_NAME_LOOKUPS) {
            indexNames();
        }
        return table.liveChild(parentOid, name, file);
    }

    /** Whether any spilled write would change the store (see {@link StagedWrites#hasEffect}); after a flush. */
    boolean hasEffect() throws SQLException {
        useTable();
        return table.anyEffect();
    }

    /**
     * Builds the temporary table's (folder, name) index, the first time a listing is read from the table or after a
     * few names were ({@link #childByName}).
     * A bulk create never needs it (its names are new, and the Bloom filter says so), and keeping it up row by row
     * was a large part of the server's time in each spill; built once over the rows, it costs less than that.
     */
    void indexNames() throws SQLException {
        if (!spilled) {
            return;
        }
        settle();
        // The table is filled on every call, not only with the index: an abort empties the table and keeps the index,
        // and the writes staged after it may be in the file alone.
        useTable();
        table.indexNames();
    }

    /** Whether the temporary table holds every spilled write (else they are creates, in the file alone). */
    boolean tableInUse() {
        return tableInUse;
    }

    /**
     * Makes the temporary table hold every spilled write from now on: the file's tuples, all creates, are copied in
     * if they are not there yet. Only outside a transaction: a rollback would empty the table but not the file.
     */
    void useTable() throws SQLException {
        if (tableInUse) {
            return;
        }
        settle();
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the staged writes' table is filled inside a transaction");
        }
        table.ensure();
        if (spilled) {
            table.copyCreates(file, copyChunk);
        }
        tableInUse = true;
    }

    /** Whether to look a spilled write up in the file, which holds them all as creates (see FILE_READS_BEFORE_TABLE). */
    private boolean scansFile() throws SQLException {
        if (tableInUse) {
            return false;
        }
        if (fileScanned <= FILE_READS_BEFORE_TABLE * file.size()) {
            return true;
        }
        useTable();
        return false;
    }

    /** The first spilled create that {@code matches}, from the file (whose writes are all creates of live nodes). */
    private StagedRow createdInFile(java.util.function.Predicate<SpillFile.Entry> matches) throws SQLException {
        SpillFile.Entry[] found = new SpillFile.Entry[1];
        fileScanned += file.scan(e -> {
            if (matches.test(e)) {
                found[0] = e;
                return false;
            }
            return true;
        });
        SpillFile.Entry e = found[0];
        if (e == null) {
            return null;
        }
        Row row = new Row(e.oid(), 0, e.parentOid(), e.name(), e.typeId(), e.owner(), file.read(e.stateAt(), e.stateLength()));
        return new StagedRow(row, false, false, true, true);
    }

    /**
     * Whether {@code oid} is a node created by a spilled write, for a commit whose spills went to the file alone
     * ({@link #tableInUse} false); read from the file, as it must not fill the table in its transaction.
     */
    boolean createdInFile(long oid) throws SQLException {
        if (!spilled || !spilledOids.mightContain(oid)) {
            return false;
        }
        return readBack.containsKey(oid) || createdInFile(e -> e.oid() == oid) != null;
    }

    /** Up to {@code limit} of the spilled creates in those folders, smallest oids first, from the file. */
    List<Long> createdInFileUnder(java.util.Collection<Long> parents, int limit) throws SQLException {
        java.util.Set<Long> in = new java.util.HashSet<>(parents);
        java.util.TreeSet<Long> oids = new java.util.TreeSet<>();
        file.scan(e -> {
            if (in.contains(e.parentOid())) {
                oids.add(e.oid());
                if (oids.size() > limit) {
                    oids.pollLast();
                }
            }
            return true;
        });
        return new ArrayList<>(oids);
    }

    /**
     * Waits until the spill in flight is done; a spill that failed fails this call and every later one until
     * {@link #clear} ({@link SpillThread#settle}).
     */
    void settle() throws SQLException {
        spills.settle();
    }

    /**
     * Hands the heap's writes ({@code buffered}, not empty) to a spill thread, which writes them to the file and, once
     * the table is in use, copies them into it (see {@link #settle}).
     */
    void spill(List<StagedRow> buffered) throws SQLException {
        settle();
        if (file == null) {
            try {
                file = SpillFile.create(spillDirectory);
            } catch (SQLException e) {
                spills.failed(e); // the write that filled the buffer is staged, and cannot be committed: nor can the rest
                throw e;
            }
        }
        boolean onlyCreates = true;
        for (StagedRow r : buffered) {
            onlyCreates &= r.isNew() && !r.inTemp() && !r.deleted() && !r.moved();
        }
        if (!onlyCreates) {
            useTable();
        }
        if (spilledOids == null) {
            spilledOids = new BloomFilter(BLOOM_BITS);
            spilledNames = new BloomFilter(BLOOM_BITS);
            copyChunk = BinaryCopy.Chunk.forSpills();
        }
        List<Long> replaced = new ArrayList<>();
        for (StagedRow r : buffered) {
            if (r.inTemp()) {
                replaced.add(r.oid());
            }
        }
        if (!replaced.isEmpty()) { // in the table: a staging it holds was read to set inTemp
            table.deleteReplaced(replaced, superseded);
        }
        List<StagedRow> rows = buffered;
        for (StagedRow s : rows) {
            Row r = s.row();
            creates.spilled(s);
            readBack.remove(r.oid());
            spilledOids.add(r.oid());
            if (!s.deleted()) {
                spilledNames.add(BloomFilter.key(r.parentOid(), r.name()));
            }
            if (!tableInUse) {
                creates.spilledToFile(r.oid());
            }
        }
        boolean toTable = tableInUse;
        spills.submit(() -> {
            if (toTable) {
                table.copy(rows, file, copyChunk);
            } else {
                for (StagedRow s : rows) {
                    file.append(s.row());
                }
                file.flush();
            }
            return null;
        });
        spilled = true;
    }

    /**
     * At commit, after a flush: every live staged version into {@code ns_object} as of {@code tid}, by one binary
     * COPY from the file. Returns how many.
     */
    long copyInto(Connection on, long tid) throws SQLException {
        settle();
        if (file == null) {
            return 0;
        }
        return file.copyInto(on.unwrap(PGConnection.class).getCopyAPI().copyIn(SpillFile.COPY), tid, superseded);
    }

    /**
     * The folders of the spilled writes when each of them creates a live node (a bulk create), else null. A
     * superset: a folder may no longer hold any of them.
     */
    long[] createdOnlyParents() {
        if (!spilled) {
            return null;
        }
        return creates.onlyCreatesParents();
    }

    /** Counts of the spilled writes by kind, and the first oids of each kind; after a flush. */
    StagedCounts summary(int samples) throws SQLException {
        if (!tableInUse && creates.samplesKept(samples)) {
            return creates.counts(file.tuples(), samples);
        }
        useTable();
        return StagedCounts.ofTable(connection, samples);
    }

    /** Forgets every spilled write. */
    void clear() throws SQLException {
        spills.forget();
        readBack.clear();
        superseded.clear();
        if (file != null) {
            file.clear();
        }
        if (spilled) {
            if (tableInUse) {
                table.truncate();
            }
            spilled = false;
            spilledOids = null;
            spilledNames = null;
            copyChunk = null;
        }
        creates.clear();
        tableInUse = false;
        fileScanned = 0;
        spilledNameLookups = 0;
    }

    /**
     * The state of a spilled version, from the file, given the columns of {@code rs} that say where it is (both null
     * for a deletion, which has no state). The spill that wrote it must have settled.
     */
    byte[] state(ResultSet rs, int atColumn, int lengthColumn) throws SQLException {
        return StagedTable.state(rs, atColumn, lengthColumn, file);
    }

    /** Gives the file back. */
    void close() {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
