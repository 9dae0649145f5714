package nightshift.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibleRecordSerializerTest {
    record Tree(String name, Object child, List<String> tags) {
    }

    record Leaf(String text) {
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.register(Tree.class, new CompatibleRecordSerializer<>(Tree.class));
        kryo.register(Leaf.class, new CompatibleRecordSerializer<>(Leaf.class));
        return kryo;
    }

    private static Object roundTrip(Kryo kryo, Object value) {
        Output out = new Output(256, -1);
        kryo.writeClassAndObject(out, value);
        return kryo.readClassAndObject(new Input(out.toBytes()));
    }

    @Test
    void a_record_nested_in_a_record_of_its_own_type_round_trips() {
        // The outermost write and read reuse one chunk buffer; the nested ones must not share it.
        Tree tree = new Tree("a", new Tree("b", new Tree("c", new Leaf("d"), List.of("x")), List.of()), List.of("y", "z"));
        Kryo kryo = kryo();
        assertEquals(tree, roundTrip(kryo, tree));
        assertEquals(tree, roundTrip(kryo, tree), "and again, with the reused buffers");
    }

    @Test
    void many_states_in_a_row_read_back_each_its_own() {
        Kryo kryo = kryo();
        for (int i = 0; i < 1_000; i++) {
            Leaf leaf = new Leaf("text " + i + "-".repeat(i % 3_000));
            assertEquals(leaf, roundTrip(kryo, leaf));
        }
    }
}
