package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import nightshift.store.testing.Compiler;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** States written with version 1 of a class stay readable with version 2, records and ordinary classes alike. */
@ExtendWith(StoreExtension.class)
class ClassEvolutionTest {
    private static final String ARTICLE_V1 = "package evo; public record Article(String title, int views, java.util.List<String> tags) {}";
    private static final String ARTICLE_V2 = "package evo; public record Article(String title, java.util.List<String> tags, String summary, long score) {}";
    private static final String NOTE_V1 = "package evo; public class Note { public String text; public int count; public String dropped; }";
    private static final String NOTE_V2 = "package evo; public class Note { public String text; public int count; public java.time.Instant added; }";
    private static final String INNER = "package evo; public record Inner(String secret) {"
            + " static { System.setProperty(\"evo.inner.initialized\", \"yes\"); } }";
    private static final String OUTER = "package evo; public record Outer(String label, Object payload) {}";

    private final StoreConfig base;

    ClassEvolutionTest(StoreConfig base) {
        this.base = base;
    }

    private StoreConfig with(ClassLoader loader, String... classes) {
        StoreConfig.Builder b = StoreConfig.builder(base.url()).user(base.user()).classLoader(loader);
        if (base.password() != null) {
            b.passwordEnv(null);
        }
        for (String c : classes) {
            b.register(Compiler.load(loader, c));
        }
        return withPassword(b).build();
    }

    private StoreConfig.Builder withPassword(StoreConfig.Builder b) {
        String pw = System.getProperty("nightshift.test.passwordFile");
        if (pw != null) {
            b.passwordFile(java.nio.file.Path.of(pw));
        } else if (nightshift.store.testing.TestServer.get().passwordFile() != null) {
            b.passwordFile(nightshift.store.testing.TestServer.get().passwordFile());
        }
        return b;
    }

    @Test
    void a_record_that_gained_and_lost_components_reads_old_states() throws Exception {
        ClassLoader v1 = Compiler.compile(Map.of("evo.Article", ARTICLE_V1));
        try (Store store = Store.open(with(v1, "evo.Article")); Session s = store.openSession()) {
            Object article = Compiler.load(v1, "evo.Article").getConstructors()[0].newInstance("Hello", 42, List.of("a", "b"));
            s.create(s.root(), "article", article);
            s.commit(TxInfo.of("v1"));
        }
        ClassLoader v2 = Compiler.compile(Map.of("evo.Article", ARTICLE_V2));
        try (Store store = Store.open(with(v2, "evo.Article")); Session s = store.openSession()) {
            Object read = s.get("/article").object();
            assertEquals(v2, read.getClass().getClassLoader());
            assertEquals("Hello", call(read, "title"));
            assertEquals(List.of("a", "b"), call(read, "tags"));
            assertNull(call(read, "summary"), "a new component starts as null");
            assertEquals(0L, call(read, "score"), "a new primitive component starts at zero");
        }
    }

    @Test
    void a_class_that_gained_and_lost_fields_reads_old_states() throws Exception {
        ClassLoader v1 = Compiler.compile(Map.of("evo.Note", NOTE_V1));
        try (Store store = Store.open(with(v1, "evo.Note")); Session s = store.openSession()) {
            Class<?> type = Compiler.load(v1, "evo.Note");
            Object note = type.getConstructor().newInstance();
            type.getField("text").set(note, "remember");
            type.getField("count").set(note, 7);
            type.getField("dropped").set(note, "bye");
            s.create(s.root(), "note", note);
            s.commit(TxInfo.of("v1"));
        }
        ClassLoader v2 = Compiler.compile(Map.of("evo.Note", NOTE_V2));
        try (Store store = Store.open(with(v2, "evo.Note")); Session s = store.openSession()) {
            Object read = s.get("/note").object();
            Class<?> type = read.getClass();
            assertEquals("remember", type.getField("text").get(read));
            assertEquals(7, type.getField("count").get(read));
            assertNull(type.getField("added").get(read));
            // and the new version writes and reads back its own shape
            type.getField("added").set(read, java.time.Instant.EPOCH);
            s.update(s.get("/note").withObject(read));
            s.commit(TxInfo.of("v2"));
            assertEquals(java.time.Instant.EPOCH, type.getField("added").get(s.get("/note").object()));
        }
    }

    @Test
    void a_nested_class_this_client_did_not_register_is_never_instantiated() {
        ClassLoader writer = Compiler.compile(Map.of("evo.Inner", INNER, "evo.Outer", OUTER));
        try (Store store = Store.open(with(writer, "evo.Inner", "evo.Outer")); Session s = store.openSession()) {
            Object inner = newInstance(writer, "evo.Inner", "payload");
            s.create(s.root(), "outer", newInstance(writer, "evo.Outer", "label", inner));
            s.commit(TxInfo.of("writer"));
        }
        System.clearProperty("evo.inner.initialized");
        ClassLoader reader = Compiler.compile(Map.of("evo.Inner", INNER, "evo.Outer", OUTER));
        try (Store store = Store.open(with(reader, "evo.Outer")); Session s = store.openSession()) {
            Node node = s.get("/outer");
            UnreadableStateException e = assertThrows(UnreadableStateException.class, node::object);
            assertTrue(e.getMessage().contains("/outer") && e.getMessage().contains(String.valueOf(node.oid())), e.getMessage());
            assertNull(System.getProperty("evo.inner.initialized"), "the unregistered class was loaded and initialized");
        }
    }

    @Test
    void a_corrupt_state_names_the_node_instead_of_a_kryo_stack_trace(Store store) throws Exception {
        long oid;
        try (Session s = store.openSession()) {
            oid = s.create(s.root(), "corrupt", nightshift.store.content.Document.of("x", "y")).oid();
            s.commit(TxInfo.of("t"));
        }
        try (var c = store.dataSource().getConnection();
                var ps = c.prepareStatement("UPDATE ns_object SET state = substring(state from 1 for length(state) / 2) WHERE oid = ?")) {
            ps.setLong(1, oid);
            ps.executeUpdate();
        }
        try (Store fresh = Store.open(base); Session s = fresh.openSession()) {
            Node n = s.get("/corrupt");
            UnreadableStateException e = assertThrows(UnreadableStateException.class, n::object);
            assertEquals(oid, e.oid());
            assertEquals("/corrupt", e.path());
            assertTrue(e.getMessage().startsWith("cannot decode the state of node " + oid + " at '/corrupt'"), e.getMessage());
        }
    }

    @Test
    void every_client_agrees_on_type_ids_kept_in_the_store() {
        ClassLoader one = Compiler.compile(Map.of("evo.Article", ARTICLE_V1, "evo.Note", NOTE_V1));
        ClassLoader two = Compiler.compile(Map.of("evo.Article", ARTICLE_V1, "evo.Note", NOTE_V1));
        try (Store a = Store.open(with(one, "evo.Note", "evo.Article")); Store b = Store.open(with(two, "evo.Article", "evo.Note"))) {
            assertEquals(a.types().idOf(Compiler.load(one, "evo.Note")), b.types().idOf(Compiler.load(two, "evo.Note")));
            assertEquals(a.types().idOf(Compiler.load(one, "evo.Article")), b.types().idOf(Compiler.load(two, "evo.Article")));
            assertTrue(a.types().idOf(Compiler.load(one, "evo.Note")) >= 1000);
            assertEquals(101, a.types().idOf(nightshift.store.content.Document.class));
        }
    }

    private static Object newInstance(ClassLoader loader, String type, Object... args) {
        try {
            return Compiler.load(loader, type).getConstructors()[0].newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }
}
