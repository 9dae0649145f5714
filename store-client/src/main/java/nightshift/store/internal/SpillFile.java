package nightshift.store.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.BitSet;
import org.postgresql.copy.CopyIn;

/**
 * The new versions a session spilled, kept in a file of the client's until commit, each already in the form the
 * commit sends: one tuple of binary COPY into {@code ns_object}, its tid left for the commit to fill in. {@code
 * ns_staged} holds the rest of each row and where its state is here, so the rows cross to the server once, at commit,
 * by COPY (a bulk create sent them twice before: COPY into the temporary table, then INSERT ... SELECT from it, and
 * the second alone cost what the whole job's baseline does).
 *
 * <p>The file is removed from its directory as soon as it is open: its space is given back when the session closes
 * it, or when the process ends however it ends, and no other process can read the states. Appends come from the
 * spill thread; reads and the commit's stream from the session's thread after the spill settled, so one file
 * position serves both. A {@link RandomAccessFile}, not a {@code FileChannel}: an interrupt (a run's timeout, a
 * cancel) closes a channel that is being read, and an unlinked file cannot be opened again.
 */
final class SpillFile implements AutoCloseable {
    static final String COPY = "COPY ns_object (oid, tid, parent_oid, name, type_id, owner, state) FROM STDIN (FORMAT binary)";
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};
    private static final int FIELDS = 7;
    /** Where a tuple's tid is: after its field count (2 bytes) and its oid (length 4, value 8), and its own length. */
    private static final int TID_AT = 2 + 12 + 4;
    private static final int CHUNK = 1 << 20;

    private final RandomAccessFile file;
    private final Path path;
    private ByteBuffer pending = ByteBuffer.allocate(CHUNK);
    private long written;
    private int tuples;

    private SpillFile(RandomAccessFile file, Path path) {
        this.file = file;
        this.path = path;
    }

    /** A new, empty file in {@code directory} ({@code java.io.tmpdir} when null), already unlinked there. */
    static SpillFile create(Path directory) throws SQLException {
        Path path = null;
        try {
            path = directory == null ? Files.createTempFile("nightshift-spill-", ".bin")
                    : Files.createTempFile(directory, "nightshift-spill-", ".bin");
            RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
            try {
                Files.delete(path);
            } catch (IOException e) {
                file.close();
                throw e;
            }
            return new SpillFile(file, path);
        } catch (IOException e) {
            throw failed("create", path != null ? path : directory, e);
        }
    }

    /** Where a tuple went: its number, counted from 0, and where its state begins in the file. */
    record Placed(int tuple, long stateAt) {
    }

    /** Appends the new version of {@code row}; {@link #flush} before reading it back. */
    Placed append(Row row) throws SQLException {
        byte[] name = row.name().getBytes(StandardCharsets.UTF_8);
        byte[] owner = row.owner().getBytes(StandardCharsets.UTF_8);
        byte[] state = row.state();
        int size = 2 + 12 + 12 + (row.parentOid() < 0 ? 4 : 12) + 4 + name.length + 8 + 4 + owner.length + 4 + state.length;
        if (pending.remaining() < size) {
            flush();
            if (pending.capacity() < size) {
                pending = ByteBuffer.allocate(size);
            }
        }
        ByteBuffer b = pending;
        b.putShort((short) FIELDS).putInt(8).putLong(row.oid()).putInt(8).putLong(0);
        if (row.parentOid() < 0) {
            b.putInt(-1);
        } else {
            b.putInt(8).putLong(row.parentOid());
        }
        b.putInt(name.length).put(name).putInt(4).putInt(row.typeId()).putInt(owner.length).put(owner);
        b.putInt(state.length);
        long stateAt = written + b.position();
        b.put(state);
        return new Placed(tuples++, stateAt);
    }

    /** Writes what {@link #append} buffered. */
    void flush() throws SQLException {
        try {
            file.seek(written);
            file.write(pending.array(), 0, pending.position());
            written += pending.position();
        } catch (IOException e) {
            throw failed("write", path, e);
        } finally {
            // a buffer grown for one large state is not kept for the rest of the session
            pending = pending.capacity() > CHUNK ? ByteBuffer.allocate(CHUNK) : pending.clear();
        }
    }

    /** A state appended and flushed before. */
    byte[] read(long at, int length) throws SQLException {
        byte[] state = new byte[length];
        try {
            file.seek(at);
            file.readFully(state);
        } catch (IOException e) {
            throw failed("read", path, e);
        }
        return state;
    }

    /**
     * Sends every tuple but the {@code superseded} ones into {@code ns_object} as of {@code tid}, by one binary COPY
     * on {@code copy}; returns how many.
     */
    long copyInto(CopyIn copy, long tid, BitSet superseded) throws SQLException {
        long[] sent = {0};
        boolean ok = false;
        try {
            copy.writeToCopy(HEADER, 0, HEADER.length);
            walk(new Walker() {
                private int runStart;

                @Override
                public void filled(ByteBuffer b, long base) {
                    runStart = b.position();
                }

                @Override
                public boolean tuple(ByteBuffer b, int begin, int length, int tuple, long base) throws SQLException {
                    if (superseded.get(tuple)) {
                        send(copy, b, runStart, begin);
                        runStart = begin + length;
                    } else {
                        b.putLong(begin + TID_AT, tid);
                        sent[0]++;
                    }
                    return true;
                }

                @Override
                public void drained(ByteBuffer b) throws SQLException {
                    send(copy, b, runStart, b.position());
                }
            });
            copy.writeToCopy(TRAILER, 0, TRAILER.length);
            long accepted = copy.endCopy();
            if (accepted != sent[0]) {
                throw new SQLException("COPY took " + accepted + " rows of " + sent[0]);
            }
            ok = true;
            return accepted;
        } finally {
            if (!ok && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // the failure being thrown says why; the transaction is rolled back either way
                }
            }
        }
    }

    /** One tuple of the file, read back without its state: where it is, what it creates, and where its state is. */
    record Entry(int tuple, long oid, long parentOid, String name, int typeId, String owner, long stateAt,
            int stateLength) {
    }

    /** What {@link #scan} does with each tuple: false stops the scan. */
    interface EntryVisitor {
        boolean visit(Entry entry) throws SQLException;
    }

    /** Visits the tuples in the order they were appended, until the visitor says stop; returns how far it read. */
    long scan(EntryVisitor visitor) throws SQLException {
        return walk(new Walker() {
            @Override
            public boolean tuple(ByteBuffer b, int begin, int length, int tuple, long base) throws SQLException {
                int p = begin + 2 + 4;
                long oid = b.getLong(p);
                p += 8 + 12; // the tid: the commit's to fill in
                int parentLength = b.getInt(p);
                long parent = parentLength < 0 ? -1 : b.getLong(p + 4);
                p += 4 + Math.max(parentLength, 0);
                int nameLength = b.getInt(p);
                String name = new String(b.array(), p + 4, nameLength, StandardCharsets.UTF_8);
                p += 4 + nameLength;
                int typeId = b.getInt(p + 4);
                p += 8;
                int ownerLength = b.getInt(p);
                String owner = new String(b.array(), p + 4, ownerLength, StandardCharsets.UTF_8);
                p += 4 + ownerLength;
                int stateLength = b.getInt(p);
                return visitor.visit(new Entry(tuple, oid, parent, name, typeId, owner, base + p + 4, stateLength));
            }
        });
    }

    /** How {@link #walk} hands over the file: a buffer at a time, each of its whole tuples in turn. */
    private interface Walker {
        /** The buffer holds new bytes from its position on; {@code base} is where its first byte is in the file. */
        default void filled(ByteBuffer b, long base) {
        }

        /** A whole tuple, {@code length} bytes from {@code begin}; false stops the walk. */
        boolean tuple(ByteBuffer b, int begin, int length, int tuple, long base) throws SQLException;

        /** The buffer's whole tuples were handed over, up to its position. */
        default void drained(ByteBuffer b) throws SQLException {
        }
    }

    /**
     * Reads the file from its start, a buffer at a time; a tuple cut by the buffer's end waits for the next fill.
     * Returns how far into the file it went: its size, or the end of the tuple it stopped at.
     */
    private long walk(Walker walker) throws SQLException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        try {
            file.seek(0);
            long at = 0;
            int tuple = 0;
            while (at < written || b.position() > 0) {
                while (b.hasRemaining() && at < written) {
                    int n = file.read(b.array(), b.position(), (int) Math.min(b.remaining(), written - at));
                    if (n < 0) {
                        throw new IOException("the file ends before " + written + " bytes");
                    }
                    b.position(b.position() + n);
                    at += n;
                }
                b.flip();
                long base = at - b.limit();
                int start = b.position();
                walker.filled(b, base);
                while (true) {
                    int length = tupleLength(b, b.position());
                    if (length < 0) {
                        break;
                    }
                    int begin = b.position();
                    if (!walker.tuple(b, begin, length, tuple++, base)) {
                        return base + begin + length;
                    }
                    b.position(begin + length);
                }
                walker.drained(b);
                if (b.position() == start && b.limit() == b.capacity()) {
                    b = grown(b); // one tuple larger than the buffer
                } else {
                    b.compact();
                }
                if (at >= written && b.position() > 0 && tupleLength(b.duplicate().flip(), 0) < 0) {
                    throw new IOException("the file ends inside a tuple");
                }
            }
            return at;
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    private static void send(CopyIn copy, ByteBuffer b, int from, int to) throws SQLException {
        if (to > from) {
            copy.writeToCopy(b.array(), from, to - from);
        }
    }

    /** The length of the whole tuple at {@code at} in {@code b}'s readable bytes, or -1 if it does not end there. */
    private static int tupleLength(ByteBuffer b, int at) {
        int p = at + 2;
        if (p > b.limit()) {
            return -1;
        }
        for (int field = 0; field < FIELDS; field++) {
            if (p + 4 > b.limit()) {
                return -1;
            }
            int length = b.getInt(p);
            p += 4 + Math.max(length, 0);
        }
        return p <= b.limit() ? p - at : -1;
    }

    private static ByteBuffer grown(ByteBuffer b) {
        ByteBuffer bigger = ByteBuffer.allocate(b.capacity() * 2);
        b.position(0);
        bigger.put(b);
        return bigger;
    }

    /** How many bytes were written since the file was created or last {@link #clear}ed. */
    long size() {
        return written;
    }

    /** How many tuples were appended since the file was created or last {@link #clear}ed. */
    int tuples() {
        return tuples;
    }

    /** Forgets every tuple. */
    void clear() throws SQLException {
        pending.clear();
        try {
            file.setLength(0);
        } catch (IOException e) {
            throw failed("truncate", path, e);
        }
        written = 0;
        tuples = 0;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // unlinked already: its space goes back with the process at the latest
        }
    }

    private static SQLException failed(String doing, Path path, IOException e) {
        return new SQLException("cannot " + doing + " the file this session spills its staged writes to, in "
                + (path == null ? System.getProperty("java.io.tmpdir") : path) + " (" + e + "); point the store's"
                + " spillDirectory (default java.io.tmpdir) at a directory with room for the job's staged states", e);
    }
}
