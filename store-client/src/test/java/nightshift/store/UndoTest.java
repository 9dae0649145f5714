package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undo of a transaction larger than a session stages on the heap: the reversal spills like any other writes. */
@ExtendWith(StoreExtension.class)
class UndoTest {
    private static final int DOCS = 12_000;

    private final Store store;

    UndoTest(Store store) {
        this.store = store;
    }

    @Test
    void undoing_a_transaction_that_changed_more_nodes_than_the_stage_buffer_holds_restores_every_one() {
        try (Session s = store.openSession()) {
            Node f = s.create(s.root(), "many", Folder.titled("many"));
            for (int i = 0; i < DOCS; i++) {
                s.create(f, "d" + i, Document.of("before " + i, ""));
            }
            s.commit(TxInfo.of("create"));
        }
        long changed;
        try (Session s = store.openSession()) {
            s.children(s.get("/many")).forEach(n -> s.update(n.withObject(n.object(Document.class).withTitle("after"))));
            s.delete(s.get("/many/d0"));
            changed = s.commit(TxInfo.of("change them all"));
        }
        try (Session s = store.openSession()) {
            Reversal r = s.revert(changed);
            assertEquals(DOCS - 1, r.restored());
            assertEquals(1, r.recreated());
            s.commit(TxInfo.of("undo"));
        }
        try (Session s = store.openSession()) {
            assertEquals(DOCS, s.children(s.get("/many")).count());
            s.children(s.get("/many")).forEach(n -> assertEquals("before " + n.name().substring(1),
                    n.object(Document.class).title()));
        }
    }
}
