package nightshift.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands out oids from blocks of 1000, each reserved by one sequence call. Blocks are fetched several per round trip
 * when they are used up fast (up to {@link #MAX_BLOCKS_PER_FETCH}, 16,000 oids): a bulk job then asks the server once
 * per 16,000 creates rather than once per 1,000. Unused oids are left as a gap in the sequence, which costs nothing.
 */
final class OidAllocator {
    static final int BLOCK = 1000;
    static final int MAX_BLOCKS_PER_FETCH = 16;
    private static final long FAST_NANOS = 2_000_000_000L;

    private final java.util.ArrayDeque<Long> blocks = new java.util.ArrayDeque<>();
    private long next;
    private long end;
    private int perFetch = 1;
    private long lastFetch;

    synchronized long next(Connection c) throws SQLException {
        if (next == end) {
            if (blocks.isEmpty()) {
                fetch(c);
            }
            next = blocks.poll();
            end = next + BLOCK;
        }
        return next++;
    }

    private void fetch(Connection c) throws SQLException {
        long now = System.nanoTime();
        perFetch = lastFetch != 0 && now - lastFetch < FAST_NANOS ? Math.min(MAX_BLOCKS_PER_FETCH, perFetch * 2) : 1;
        lastFetch = now;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT nextval('ns_oid_seq') FROM generate_series(1, " + perFetch + ")")) {
            while (rs.next()) {
                blocks.add(rs.getLong(1));
            }
        }
    }
}
