package nightshift.store.internal;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nightshift.store.ChangeSummary;
import org.postgresql.PGConnection;

/**
 * A session's staged writes, one {@link StagedRow} per oid, latest wins. The newest ones are kept on the heap; past
 * the buffer limit they spill, so a session that stages a million creates needs no more heap than one that stages a
 * thousand: each new version goes, ready to be copied into {@code ns_object}, to a file of the client's
 * ({@link SpillFile}), and the rest of the row, with where its state is in the file, by binary COPY into a temporary
 * table on the session's own connection ({@code ns_staged}). A temporary table is private to its connection and holds
 * no lock on the store's tables; commit checks it with set-based statements and copies the file's live versions in.
 *
 * <p>The table is filled only when needed ({@link #useTable}): while every spilled write creates a node, the file
 * alone holds them, and the few lookups among them read the file. A bulk create so commits from the file with no
 * table at all; the first write that replaces a spilled one or changes a stored node, a listing, or lookups that
 * keep reading the file copy its tuples into the table, and every later spill goes there too.
 *
 * <p>A spill runs on a thread of its own ({@link #SPILLS}): the rows are written, and taken in by the server, while
 * the job stages the next ones, which held a bulk create up while it waited for each spill. Only one
 * spill is in flight, so the heap holds at most twice the buffer. {@link #settle} waits for it, and must come before
 * anything else is sent on the connection: the session's own statements go through an {@link InterceptedConnection} that settles first,
 * and every read of the table here settles first. The COPY ends as soon as the server has the rows, so no statement
 * stays open between the job's calls.
 */
final class StagedWrites {
    static final String TABLE = "ns_staged";
    /** Daemon threads, so a one-shot run's JVM does not wait for an idle one to time out. */
    private static final ExecutorService SPILLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nightshift-store:spill");
        t.setDaemon(true);
        return t;
    });
    private static final String NAME_INDEX = "ns_staged_names";
    private static final int BLOOM_BITS = 23;
    private static final int READ_BACK_ENTRIES = 256;
    private static final String COLUMNS = "oid, base_tid, parent_oid, name, type_id, owner, tuple, state_at, state_len,"
            + " deleted, moved, modified";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM " + TABLE + " ";

    private final Connection connection;
    private final int bufferLimit;
    private final Path spillDirectory;
    private final LinkedHashMap<Long, StagedRow> buffer = new LinkedHashMap<>();
    private final Map<ChildName, Long> bufferNames = new HashMap<>();
    private long bufferBytes;
    // Created at the first spill: most sessions never spill and should not pay for them.
    private BloomFilter spilledOids;
    private BloomFilter spilledNames;
    private BinaryCopy.Chunk copyChunk;
    private SpillFile file;
    // The file's tuples a later staging of the same oid replaced (or deleted): the commit leaves them out.
    private final BitSet superseded = new BitSet();
    // The spill in flight, and the failure of one, kept: its rows are gone from the heap, so the session can no
    // longer commit (until it forgets every staged write).
    private Future<?> sending;
    private SQLException spillFailure;
    // Spilled rows read back recently: the folder a bulk job creates into is looked up on every create.
    private final Map<Long, StagedRow> readBack = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, StagedRow> eldest) {
            return size() > READ_BACK_ENTRIES;
        }
    };
    private boolean spilled;
    private boolean tableReady;
    // Whether the temporary table holds every spilled write. A spill of creates only goes to the file alone, until
    // something must read the spilled writes on the server (see useTable): the table then gets the file's tuples, and
    // every later spill. A bulk create never reads them, and its spills into the table were a large part of the
    // server's time for the whole job.
    private boolean tableInUse;
    private boolean namesIndexed;
    private static final int SCANNED_NAME_LOOKUPS = 4;
    private int spilledNameLookups;
    // Lookups among spilled writes are answered by reading the file until they have read it this many times over;
    // the table is filled for the next ones. Filling it costs several reads of the file, and most lookups stop early:
    // the folder a bulk job creates into, the first creates named in the run's summary.
    private static final int FILE_READS_BEFORE_TABLE = 4;
    private long fileScanned;
    // The smallest oids spilled to the file alone (all of them creates), for the run's summary of its changes.
    private final long[] firstCreated = new long[ChangeSummary.SAMPLES];
    private int firstCreatedCount;
    // Whether every spilled write creates a live node, and their folders (up to MAX_CREATE_PARENTS): a bulk create
    // then commits without analyzing the temporary table or checking it for versions it replaces.
    private boolean spilledOnlyCreates = true;
    private final java.util.Set<Long> createParents = new java.util.HashSet<>();
    private static final int MAX_CREATE_PARENTS = 1_000;

    StagedWrites(Connection connection, int bufferLimit, Path spillDirectory) {
        this.connection = connection;
        this.bufferLimit = bufferLimit;
        this.spillDirectory = spillDirectory;
    }

    boolean isEmpty() {
        return buffer.isEmpty() && !spilled;
    }

    /** Whether some writes live in the temporary table (then reads must consult it). */
    boolean spilled() {
        return spilled;
    }

    StagedRow get(long oid) throws SQLException {
        StagedRow row = buffer.get(oid);
        if (row != null || !spilled || !spilledOids.mightContain(oid)) {
            return row;
        }
        row = readBack.get(oid);
        if (row != null) {
            return row;
        }
        settle();
        if (scansFile()) {
            row = createdInFile(e -> e.oid() == oid);
        } else {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + "WHERE oid = ?")) {
                ps.setLong(1, oid);
                row = single(ps);
            }
        }
        if (row != null) {
            readBack.put(oid, row);
        }
        return row;
    }

    /** {@link #get} for many oids, those that may be spilled read in one query; oids not staged are left out. */
    Map<Long, StagedRow> getAll(long[] oids) throws SQLException {
        Map<Long, StagedRow> found = new HashMap<>();
        List<Long> maybeSpilled = new ArrayList<>();
        for (long oid : oids) {
            StagedRow row = buffer.get(oid);
            if (row != null) {
                found.put(oid, row);
            } else if (spilled && spilledOids.mightContain(oid)) {
                maybeSpilled.add(oid);
            }
        }
        if (!maybeSpilled.isEmpty()) {
            settle();
            useTable();
            try (PreparedStatement ps = connection.prepareStatement(SELECT + "WHERE oid = ANY (?)")) {
                ps.setArray(1, connection.createArrayOf("bigint", maybeSpilled.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StagedRow row = read(rs);
                        found.put(row.oid(), row);
                    }
                }
            }
        }
        return found;
    }

    /** The live (not deleted) staged node with this name in this folder, if any. */
    StagedRow childByName(long parentOid, String name) throws SQLException {
        Long oid = bufferNames.get(new ChildName(parentOid, name));
        if (oid != null) {
            return buffer.get(oid);
        }
        if (!spilled || !spilledNames.mightContain(BloomFilter.key(parentOid, name))) {
            return null;
        }
        settle();
        if (scansFile()) {
            StagedRow row = createdInFile(e -> e.parentOid() == parentOid && e.name().equals(name));
            return row == null || buffer.containsKey(row.oid()) ? null : row;
        }
        // The first few lookups scan the table: in a bulk create they are the Bloom filter's false positives, about
        // one per 100,000 names, and an index built for one of them was kept up by every later spill. A session
        // that keeps reading names among its spilled writes gets the index.
        if (++spilledNameLookups > SCANNED_NAME_LOOKUPS) {
            indexNames();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                SELECT + "WHERE parent_oid = ? AND name = ? AND NOT deleted")) {
            setParent(ps, 1, parentOid);
            ps.setString(2, name);
            StagedRow row = single(ps);
            // A newer staging of the same oid in the buffer (renamed or moved away) wins over the spilled one.
            return row == null || buffer.containsKey(row.oid()) ? null : row;
        }
    }

    /** Stages the write of a node this session just created, with an oid never staged before: nothing to look up. */
    void putCreated(StagedRow row) throws SQLException {
        add(row);
    }

    void put(StagedRow row) throws SQLException {
        StagedRow previous = buffer.remove(row.oid());
        if (previous != null) {
            bufferBytes -= previous.row().state().length;
            forgetName(previous);
            row = row.inTemp(previous.inTemp());
        } else if (spilled) {
            row = row.inTemp(get(row.oid()) != null);
        }
        add(row);
    }

    private void add(StagedRow row) throws SQLException {
        buffer.put(row.oid(), row);
        bufferBytes += row.row().state().length;
        if (!row.deleted()) {
            bufferNames.put(new ChildName(row.row().parentOid(), row.row().name()), row.oid());
        }
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
        if (!spilled) {
            return false;
        }
        flush();
        useTable();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + TABLE + " WHERE NOT (deleted AND base_tid = 0))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The bytes of the states still on the heap. */
    long bufferedBytes() {
        return bufferBytes;
    }

    /** The writes still on the heap: all of them when nothing {@link #spilled()}. */
    java.util.Collection<StagedRow> buffered() {
        return java.util.Collections.unmodifiableCollection(buffer.values());
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
        if (!namesIndexed) {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE INDEX " + NAME_INDEX + " ON " + TABLE + " (parent_oid, name)");
            }
            namesIndexed = true;
        }
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
        ensureTable();
        if (spilled) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            try (BinaryCopy copy = new BinaryCopy(pg.getCopyAPI().copyIn(
                    "COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)"), copyChunk)) {
                file.scan(e -> {
                    copy.startRow(12).int8(e.oid()).int8(0).int8OrNull(e.parentOid()).text(e.name()).int4(e.typeId())
                            .text(e.owner()).int4(e.tuple()).int8(e.stateAt()).int4(e.stateLength())
                            .bool(false).bool(false).bool(true);
                    return true;
                });
                copy.finish();
            }
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

    /** Keeps {@code oid} if it is among the smallest spilled to the file alone. */
    private void noteCreated(long oid) {
        int n = firstCreatedCount;
        if (n == firstCreated.length && oid >= firstCreated[n - 1]) {
            return;
        }
        int at = n == firstCreated.length ? n - 1 : n++;
        while (at > 0 && firstCreated[at - 1] > oid) {
            firstCreated[at] = firstCreated[at - 1];
            at--;
        }
        firstCreated[at] = oid;
        firstCreatedCount = n;
    }

    /** Moves every buffered write into the temporary table, and waits until the server has them. */
    void flush() throws SQLException {
        spill();
        settle();
    }

    /**
     * Waits until the spill in flight is done; not interruptible, as a statement on the connection is not (and the
     * connection is the spill's until then). A spill that failed fails this call and every later one until
     * {@link #clear}: its rows were dropped from the heap when it was handed over.
     */
    void settle() throws SQLException {
        Future<?> inFlight = sending;
        if (inFlight != null) {
            sending = null;
            try {
                awaitUninterruptibly(inFlight);
            } catch (ExecutionException e) {
                spillFailure = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
            }
        }
        if (spillFailure != null) {
            throw new SQLException("a spill of this session's staged writes failed, so they can no longer be"
                    + " committed; abort and stage them again: " + spillFailure.getMessage(),
                    spillFailure.getSQLState(), spillFailure);
        }
    }

    private static void awaitUninterruptibly(Future<?> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Hands every buffered write to a spill thread, which copies them into the temporary table (see {@link #settle}). */
    private void spill() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        settle();
        if (file == null) {
            try {
                file = SpillFile.create(spillDirectory);
            } catch (SQLException e) {
                spillFailure = e; // the write that filled the buffer is staged, and cannot be committed: nor can the rest
                throw e;
            }
        }
        boolean onlyCreates = true;
        for (StagedRow r : buffer.values()) {
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
        for (StagedRow r : buffer.values()) {
            if (r.inTemp()) {
                replaced.add(r.oid());
            }
        }
        if (!replaced.isEmpty()) { // in the table: a staging it holds was read to set inTemp
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM " + TABLE + " WHERE oid = ANY(?) RETURNING tuple")) {
                Array oids = connection.createArrayOf("bigint", replaced.toArray(new Long[0]));
                ps.setArray(1, oids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int tuple = rs.getInt(1);
                        if (!rs.wasNull()) {
                            superseded.set(tuple);
                        }
                    }
                }
            }
        }
        List<StagedRow> rows = new ArrayList<>(buffer.values());
        for (StagedRow s : rows) {
            Row r = s.row();
            if (!s.isNew() || s.deleted() || s.moved() || createParents.size() >= MAX_CREATE_PARENTS) {
                spilledOnlyCreates = false;
            } else if (r.parentOid() >= 0) {
                createParents.add(r.parentOid());
            }
            readBack.remove(r.oid());
            spilledOids.add(r.oid());
            if (!s.deleted()) {
                spilledNames.add(BloomFilter.key(r.parentOid(), r.name()));
            }
            if (!tableInUse) {
                noteCreated(r.oid());
            }
        }
        boolean toTable = tableInUse;
        sending = SPILLS.submit(() -> {
            if (toTable) {
                copy(rows);
            } else {
                for (StagedRow s : rows) {
                    file.append(s.row());
                }
                file.flush();
            }
            return null;
        });
        buffer.clear();
        bufferNames.clear();
        bufferBytes = 0;
        spilled = true;
    }

    /**
     * On the spill thread: each new version into the file, and the rows, with where their versions are, into the
     * temporary table by binary COPY. The file is flushed before the COPY ends, so a settled spill can be read back.
     */
    private void copy(List<StagedRow> rows) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (BinaryCopy copy = new BinaryCopy(pg.getCopyAPI().copyIn(
                "COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)"), copyChunk)) {
            for (StagedRow s : rows) {
                Row r = s.row();
                copy.startRow(12).int8(r.oid()).int8(r.tid()).int8OrNull(r.parentOid()).text(r.name())
                        .int4(r.typeId()).text(r.owner());
                if (s.deleted()) {
                    copy.nul().nul().nul();
                } else {
                    SpillFile.Placed placed = file.append(r);
                    copy.int4(placed.tuple()).int8(placed.stateAt()).int4(r.state().length);
                }
                copy.bool(s.deleted()).bool(s.moved()).bool(s.modified());
            }
            file.flush();
            copy.finish();
        }
    }

    /**
     * At commit, after {@link #flush}: every live staged version into {@code ns_object} as of {@code tid}, by one
     * binary COPY from the file. Returns how many.
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
        if (!spilled || !spilledOnlyCreates) {
            return null;
        }
        return createParents.stream().mapToLong(Long::longValue).toArray();
    }

    /** Counts of the staged writes by kind, and the first oids of each kind. */
    record Counts(long created, long modified, long deleted, long moved, Map<String, List<Long>> samples) {
    }

    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("created", "base_tid = 0 AND NOT deleted");
        KINDS.put("modified", "base_tid <> 0 AND modified AND NOT deleted");
        KINDS.put("deleted", "base_tid <> 0 AND deleted");
        KINDS.put("moved", "base_tid <> 0 AND moved AND NOT deleted");
    }

    Counts summary(int samples) throws SQLException {
        if (!spilled) {
            return buffer.isEmpty() ? new Counts(0, 0, 0, 0, Map.of()) : heapSummary(samples);
        }
        flush();
        if (!tableInUse && samples <= firstCreated.length) {
            return fileSummary(samples);
        }
        useTable();
        long[] counts = new long[KINDS.size()];
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            // one scan for the four counts; samples only of the kinds there are
            StringBuilder sql = new StringBuilder("SELECT ");
            for (String where : KINDS.values()) {
                sql.append(sql.length() > 7 ? ", " : "").append("count(*) FILTER (WHERE ").append(where).append(')');
            }
            try (ResultSet rs = st.executeQuery(sql.append(" FROM ").append(TABLE).toString())) {
                rs.next();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
            }
            int i = 0;
            for (Map.Entry<String, String> kind : KINDS.entrySet()) {
                List<Long> oids = new ArrayList<>();
                if (counts[i++] > 0) {
                    try (ResultSet rs = st.executeQuery("SELECT oid FROM " + TABLE + " WHERE " + kind.getValue()
                            + " ORDER BY oid LIMIT " + samples)) {
                        while (rs.next()) {
                            oids.add(rs.getLong(1));
                        }
                    }
                }
                firsts.put(kind.getKey(), oids);
            }
        }
        return new Counts(counts[0], counts[1], counts[2], counts[3], firsts);
    }

    /** The same counts for a session whose writes are all creates spilled to the file alone: no query. */
    private Counts fileSummary(int samples) {
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        for (String kind : KINDS.keySet()) {
            firsts.put(kind, List.of());
        }
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < Math.min(samples, firstCreatedCount); i++) {
            created.add(firstCreated[i]);
        }
        firsts.put("created", created);
        return new Counts(file.tuples(), 0, 0, 0, firsts);
    }

    /** The same counts from the heap, for a session that never spilled: no flush, no query. */
    private Counts heapSummary(int samples) {
        long[] counts = new long[4];
        List<List<Long>> oids = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (StagedRow r : buffer.values()) {
            int kind = r.isNew() ? (r.deleted() ? -1 : 0) : r.deleted() ? 2 : -1;
            if (kind >= 0) {
                counts[kind]++;
                oids.get(kind).add(r.oid());
            }
            if (!r.isNew() && !r.deleted()) {
                if (r.modified()) {
                    counts[1]++;
                    oids.get(1).add(r.oid());
                }
                if (r.moved()) {
                    counts[3]++;
                    oids.get(3).add(r.oid());
                }
            }
        }
        Map<String, List<Long>> firsts = new LinkedHashMap<>();
        int i = 0;
        for (String kind : KINDS.keySet()) {
            List<Long> sorted = oids.get(i++);
            sorted.sort(null);
            firsts.put(kind, List.copyOf(sorted.subList(0, Math.min(samples, sorted.size()))));
        }
        return new Counts(counts[0], counts[1], counts[2], counts[3], firsts);
    }

    /** Forgets every staged write. */
    void clear() throws SQLException {
        try {
            settle();
        } catch (SQLException e) {
            // forgotten with the writes it lost
        }
        spillFailure = null;
        buffer.clear();
        bufferNames.clear();
        bufferBytes = 0;
        readBack.clear();
        superseded.clear();
        if (file != null) {
            file.clear();
        }
        if (spilled) {
            if (tableInUse) {
                try (Statement st = connection.createStatement()) {
                    st.execute("TRUNCATE " + TABLE);
                }
            }
            spilled = false;
            spilledOids = null;
            spilledNames = null;
            copyChunk = null;
            spilledOnlyCreates = true;
            createParents.clear();
        }
        tableInUse = false;
        fileScanned = 0;
        spilledNameLookups = 0;
        firstCreatedCount = 0;
    }

    private void ensureTable() throws SQLException {
        if (tableReady) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp." + TABLE + "') IS NOT NULL")) {
                rs.next();
                exists = rs.getBoolean(1);
            }
            if (exists) {
                // left by an earlier session on this connection, maybe with its name index
                st.execute("TRUNCATE " + TABLE + "; DROP INDEX IF EXISTS pg_temp." + NAME_INDEX);
            } else {
                st.execute("CREATE TEMPORARY TABLE " + TABLE + " (oid bigint PRIMARY KEY, base_tid bigint NOT NULL,"
                        + " parent_oid bigint, name text COLLATE \"C\" NOT NULL, type_id integer NOT NULL,"
                        + " owner text NOT NULL, tuple integer, state_at bigint, state_len integer,"
                        + " deleted boolean NOT NULL, moved boolean NOT NULL, modified boolean NOT NULL)");
            }
        }
        tableReady = true;
    }

    private void forgetName(StagedRow row) {
        ChildName key = new ChildName(row.row().parentOid(), row.row().name());
        Long oid = bufferNames.get(key);
        if (oid != null && oid == row.oid()) {
            bufferNames.remove(key);
        }
    }

    static void setParent(PreparedStatement ps, int index, long parentOid) throws SQLException {
        if (parentOid < 0) {
            ps.setNull(index, java.sql.Types.BIGINT);
        } else {
            ps.setLong(index, parentOid);
        }
    }

    private StagedRow single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? read(rs) : null;
        }
    }

    private StagedRow read(ResultSet rs) throws SQLException {
        long parent = rs.getLong(3);
        if (rs.wasNull()) {
            parent = -1;
        }
        byte[] state = state(rs, 8, 9);
        Row row = new Row(rs.getLong(1), rs.getLong(2), parent, rs.getString(4), rs.getInt(5), rs.getString(6), state);
        return new StagedRow(row, rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12), true);
    }

    /**
     * The state of a spilled version, from the file, given the columns of {@code rs} that say where it is (both null
     * for a deletion, which has no state). The spill that wrote it must have settled.
     */
    byte[] state(ResultSet rs, int atColumn, int lengthColumn) throws SQLException {
        long at = rs.getLong(atColumn);
        if (rs.wasNull()) {
            return new byte[0];
        }
        return file.read(at, rs.getInt(lengthColumn));
    }

    /** Gives the file back; the session is done with its staged writes. */
    void close() {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
