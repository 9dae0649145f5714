package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

@ExtendWith(StoreExtension.class)
class SpillFileTest {
    private static final long PARENT = 987_654_321_000L;
    private static final long TID = Long.MAX_VALUE - 7;

    /**
     * Tuples of every size, some larger than the commit's read buffer and many cut by its end, a tenth of them
     * superseded: exactly the others reach ns_object, byte for byte, with the commit's tid (rolled back after).
     */
    @Test
    void the_commit_copies_every_tuple_not_superseded_whatever_their_sizes(Store store) throws Exception {
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>();
        List<SpillFile.Placed> placed = new ArrayList<>();
        BitSet superseded = new BitSet();
        long oids = 0;
        long stateBytes = 0;
        long live = 0;
        try (SpillFile file = SpillFile.create(null); Connection c = store.dataSource().getConnection()) {
            for (int i = 0; i < 6_000; i++) {
                int size = i % 1_000 == 999 ? (1 << 20) + random.nextInt(1 << 20) : random.nextInt(3_000);
                byte[] state = new byte[size];
                random.nextBytes(state);
                Row row = new Row(9_000_000_000L + i, 0, PARENT, "spilled-" + i, 101, "owner-" + (i % 7), state);
                rows.add(row);
                placed.add(file.append(row));
                if (random.nextInt(10) == 0) {
                    superseded.set(i);
                } else {
                    live++;
                    oids += row.oid();
                    stateBytes += size;
                }
                if (i % 500 == 0) {
                    file.flush();
                }
            }
            file.flush();
            Thread.currentThread().interrupt(); // a run's timeout: the file must stay usable
            try {
                assertArrayEquals(rows.get(5).state(), file.read(placed.get(5).stateAt(), rows.get(5).state().length));
            } finally {
                assertEquals(true, Thread.interrupted());
            }
            for (int i = 0; i < rows.size(); i += 97) {
                assertArrayEquals(rows.get(i).state(), file.read(placed.get(i).stateAt(), rows.get(i).state().length));
                assertEquals(i, placed.get(i).tuple());
            }

            c.setAutoCommit(false);
            try {
                long copied = file.copyInto(c.unwrap(PGConnection.class).getCopyAPI().copyIn(SpillFile.COPY), TID, superseded);
                assertEquals(live, copied);
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*), sum(oid), sum(length(state)),"
                        + " count(*) FILTER (WHERE name = 'spilled-' || (oid - 9000000000) AND owner = 'owner-' || ((oid - 9000000000) % 7)"
                        + " AND type_id = 101 AND end_tid IS NULL) FROM ns_object WHERE parent_oid = ? AND tid = ?")) {
                    ps.setLong(1, PARENT);
                    ps.setLong(2, TID);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(live, rs.getLong(1));
                        assertEquals(oids, rs.getLong(2));
                        assertEquals(stateBytes, rs.getLong(3));
                        assertEquals(live, rs.getLong(4), "every column where it belongs");
                    }
                }
                int sample = 999; // a large one
                try (PreparedStatement ps = c.prepareStatement("SELECT state FROM ns_object WHERE oid = ? AND tid = ?")) {
                    ps.setLong(1, rows.get(sample).oid());
                    ps.setLong(2, TID);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            assertArrayEquals(rows.get(sample).state(), rs.getBytes(1));
                        } else {
                            assertEquals(true, superseded.get(sample));
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }

            file.clear();
            assertEquals(0, file.tuples());
            Row again = new Row(1, 0, PARENT, "again", 101, "o", new byte[] {1, 2, 3});
            SpillFile.Placed p = file.append(again);
            file.flush();
            assertEquals(0, p.tuple());
            assertArrayEquals(again.state(), file.read(p.stateAt(), 3));
        }
    }
    /**
     * A scan reads back every tuple as appended, whatever its size and wherever the read buffer cuts it, with where
     * its state is; a scan told to stop says how far it read.
     */
    @Test
    void a_scan_reads_back_every_tuple_and_where_its_state_is() throws Exception {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        try (SpillFile file = SpillFile.create(null)) {
            for (int i = 0; i < 3_000; i++) {
                int size = i % 700 == 699 ? (1 << 20) + random.nextInt(1 << 20) : random.nextInt(3_000);
                byte[] state = new byte[size];
                random.nextBytes(state);
                Row row = new Row(7_000_000_000L + i, 0, i % 5 == 0 ? -1 : PARENT + i % 3, "scanned-" + i, 100 + i % 4,
                        "owner-" + (i % 7), state);
                rows.add(row);
                file.append(row);
                if (i % 400 == 0) {
                    file.flush();
                }
            }
            List<SpillFile.Entry> entries = new ArrayList<>();
            long read = file.scan(e -> entries.add(e));
            assertEquals(file.size(), read);
            assertEquals(rows.size(), entries.size());
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                SpillFile.Entry e = entries.get(i);
                assertEquals(List.of(i, row.oid(), row.parentOid(), row.name(), row.typeId(), row.owner(), row.state().length),
                        List.of(e.tuple(), e.oid(), e.parentOid(), e.name(), e.typeId(), e.owner(), e.stateLength()));
                if (i % 50 == 0 || row.state().length > 1 << 20) {
                    assertArrayEquals(row.state(), file.read(e.stateAt(), e.stateLength()));
                }
            }
            long[] stoppedAt = new long[1];
            long upTo = file.scan(e -> {
                stoppedAt[0] = e.stateAt() + e.stateLength();
                return e.tuple() < 10;
            });
            assertEquals(stoppedAt[0], upTo, "the end of the tuple it stopped at");
        }
    }
}
