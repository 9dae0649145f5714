package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cache's answers by folder and name: only a cached row that still has that folder and name, at a snapshot it is visible in. */
@ExtendWith(StoreExtension.class)
class ObjectCacheTest {
    private final Store store;

    ObjectCacheTest(Store store) {
        this.store = store;
    }
    private static Row row(long oid, long tid, long parent, String name) {
        return new Row(oid, tid, parent, name, 101, "u", new byte[0]);
    }

    @Test
    void a_child_is_served_by_name_only_while_its_cached_row_has_that_name_and_is_visible() {
        ObjectCache cache = new ObjectCache(10);
        cache.advance(-1, 5, null);
        Row doc = row(7, 3, 1, "doc");
        cache.put(doc, 5);
        assertSame(doc, cache.child(1, "doc", 5));
        assertSame(doc, cache.child(1, "doc", 4), "visible from its tid on");
        assertNull(cache.child(1, "doc", 2), "not before its tid");
        assertNull(cache.child(1, "other", 5));
        assertNull(cache.child(2, "doc", 5), "same name, another folder");

        cache.advance(5, 6, List.of());
        assertNull(cache.child(1, "doc", 7), "a snapshot past the checkpoint");
        assertSame(doc, cache.child(1, "doc", 6), "nothing changed up to the new checkpoint");

        cache.advance(6, 7, List.of(7L));
        assertNull(cache.child(1, "doc", 7), "its version ended: dropped");
        Row renamed = row(7, 7, 1, "old");
        cache.put(renamed, 7);
        assertNull(cache.child(1, "doc", 7), "the old name still points at oid 7, whose row is now named otherwise");
        assertSame(renamed, cache.child(1, "old", 7));
        Row replacement = row(8, 7, 1, "doc");
        cache.put(replacement, 7);
        assertSame(replacement, cache.child(1, "doc", 7));
    }

    @Test
    void a_poll_that_read_from_an_older_checkpoint_drops_a_superset_and_never_moves_back() {
        ObjectCache cache = new ObjectCache(10);
        cache.advance(-1, 5, null);
        cache.put(row(7, 3, 1, "a"), 5);
        cache.put(row(8, 3, 1, "b"), 5);
        long from = cache.pollFrom();
        cache.advance(5, 9, List.of(8L)); // another session moved the checkpoint meanwhile
        cache.put(row(9, 9, 1, "c"), 9);
        cache.advance(from, 8, List.of(7L, 8L));
        assertNull(cache.child(1, "b", 9));
        assertEquals(9, cache.child(1, "c", 9).oid(), "a poll to an older tid changes nothing");
        cache.advance(from, 10, List.of(7L));
        assertNull(cache.child(1, "a", 10), "the superset read from the older checkpoint was dropped");
        assertEquals(9, cache.child(1, "c", 10).oid());
    }

    @Test
    void a_snapshot_reader_asks_the_cache_for_a_name_before_the_database() throws SQLException {
        ObjectCache cache = new ObjectCache(10);
        cache.advance(-1, 5, null);
        Row doc = row(7, 3, 1, "doc");
        cache.put(doc, 5);
        Connection closed = store.dataSource().getConnection();
        closed.close(); // any statement on it fails: an answer can only come from the cache
        SnapshotReader reader = new SnapshotReader(closed, cache, 5);
        assertSame(doc, reader.child(1, "doc"));
        assertThrows(SQLException.class, () -> reader.child(1, "other"), "a name the cache cannot prove goes to the database");
    }
}
