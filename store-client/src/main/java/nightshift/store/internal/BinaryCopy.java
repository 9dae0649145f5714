package nightshift.store.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows in PostgreSQL's binary COPY format, flushing to the server in chunks of about a megabyte: the fastest
 * way to move many rows in, and no string escaping of names or bytea.
 */
final class BinaryCopy implements AutoCloseable {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final Chunk buffer;
    private final DataOutputStream out;
    private long rows;

    /**
     * A copy with a chunk of its own that grows to the flush size only for a copy that big: a megabyte allocated up
     * front for every commit of a hundred rows was a large part of such a commit's time (allocation, zeroing, and
     * the collections it caused).
     */
    BinaryCopy(CopyIn copy) throws SQLException {
        this(copy, new Chunk(1 << 16));
    }

    /**
     * A copy that fills {@code chunk}, which the caller keeps for its next copy: a session that spills does so every
     * few thousand rows, and growing a fresh chunk to a megabyte each time was a large part of its client time (the
     * arrays copied on each doubling, and the page faults of memory the heap had never touched).
     */
    BinaryCopy(CopyIn copy, Chunk chunk) throws SQLException {
        this.copy = copy;
        this.buffer = chunk;
        chunk.reset();
        this.out = new DataOutputStream(chunk);
        try {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    BinaryCopy startRow(int fields) throws SQLException {
        flushIfFull();
        rows++;
        try {
            out.writeShort(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    BinaryCopy int8(long value) {
        try {
            out.writeInt(8);
            out.writeLong(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** A bigint that may be NULL, written for values below zero. */
    BinaryCopy int8OrNull(long value) {
        return value < 0 ? nul() : int8(value);
    }

    BinaryCopy int4(int value) {
        try {
            out.writeInt(4);
            out.writeInt(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    BinaryCopy bool(boolean value) {
        try {
            out.writeInt(1);
            out.writeByte(value ? 1 : 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    BinaryCopy text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    BinaryCopy bytes(byte[] value) {
        try {
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    BinaryCopy nul() {
        try {
            out.writeInt(-1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    private void flushIfFull() throws SQLException {
        if (buffer.size() >= FLUSH_AT) {
            send();
        }
    }

    private void send() throws SQLException {
        buffer.sendTo(copy);
        buffer.reset();
    }

    /** The chunk being filled, sent from its own array rather than a copy of it. */
    static final class Chunk extends ByteArrayOutputStream {
        /**
         * A chunk a spill fills without growing: it is sent when a row starts and finds it past the flush size, so
         * only a row of more than 64 KB grows it.
         */
        static Chunk forSpills() {
            return new Chunk(FLUSH_AT + (1 << 16));
        }

        private Chunk(int size) {
            super(size);
        }

        void sendTo(CopyIn copy) throws SQLException {
            copy.writeToCopy(buf, 0, count);
        }
    }

    /** Sends the trailer and ends the COPY; returns the rows the server took. */
    long finish() throws SQLException {
        try {
            out.writeShort(-1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        send();
        long accepted = copy.endCopy();
        if (accepted != rows) {
            throw new SQLException("COPY took " + accepted + " rows of " + rows);
        }
        return accepted;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
