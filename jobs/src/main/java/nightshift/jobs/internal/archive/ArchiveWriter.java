package nightshift.jobs.internal.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.catalog.IndexEntry;
import nightshift.store.catalog.Indexable;
import nightshift.store.catalog.TreeWalk;

/**
 * Streams a subtree into an archive file: depth-first by name ({@link TreeWalk}), one line per node written as it
 * is read, so memory does not grow with the tree. The body goes to a temporary file beside
 * the output first (the header names the types that appear, known only at the end), then header and body are
 * written to a second temporary file that is renamed over the output: a reader never sees half an archive.
 */
public final class ArchiveWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Session session;
    private final Store store;
    private final Runnable step;
    private final LocalRoles localRoles;
    private final Map<String, Class<?>> types = new TreeMap<>();

    /**
     * @param session    reads the subtree (at its snapshot)
     * @param store   the session's, for the local roles and which nodes have children
     * @param step    told of each node written
     */
    public ArchiveWriter(Session session, Store store, Runnable step) {
        this.session = session;
        this.store = store;
        this.step = step;
        this.localRoles = new LocalRoles(store.dataSource());
    }

    /** Writes the subtree at {@code root} to {@code out} (replaced only when complete); returns the node count. */
    public long write(Node root, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        String name = out.getFileName().toString();
        Path body = Files.createTempFile(dir, "." + name + ".", ".body");
        Path whole = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            long count;
            try (BufferedWriter w = Files.newBufferedWriter(body, StandardCharsets.UTF_8);
                    JsonGenerator g = JSON.createGenerator(w)) {
                g.setRootValueSeparator(null);
                count = walk(g, root);
            }
            try (OutputStream o = Files.newOutputStream(whole)) {
                try (JsonGenerator g = JSON.createGenerator(o)) {
                    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    header(g, root.path());
                }
                o.write('\n');
                Files.copy(body, o);
            }
            Files.move(whole, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return count;
        } finally {
            Files.deleteIfExists(body);
            Files.deleteIfExists(whole);
        }
    }

    private long walk(JsonGenerator g, Node top) throws IOException {
        String rootPath = top.path();
        IOException[] failed = {null};
        long count = TreeWalk.walk(session, top, store, (node, depth) -> {
            if (failed[0] == null) {
                try {
                    line(g, node, rootPath);
                } catch (IOException ex) {
                    failed[0] = ex;
                }
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        return count;
    }

    private void line(JsonGenerator g, Node node, String rootPath) throws IOException {
        Object object = node.object();
        types.putIfAbsent(node.typeName(), object.getClass());
        g.writeStartObject();
        g.writeStringField(ArchiveFormat.K_PATH, relative(node.path(), rootPath));
        g.writeStringField(ArchiveFormat.K_TYPE, node.typeName());
        g.writeStringField(ArchiveFormat.K_OWNER, node.owner());
        Map<String, Set<String>> roles = localRoles.on(node.oid());
        if (!roles.isEmpty()) {
            g.writeObjectFieldStart(ArchiveFormat.K_LOCAL_ROLES);
            for (Map.Entry<String, Set<String>> e : roles.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String role : e.getValue()) {
                    g.writeString(role);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        Instant[] dates = dates(object);
        if (dates[0] != null) {
            g.writeStringField(ArchiveFormat.K_CREATED, dates[0].toString());
        }
        if (dates[1] != null) {
            g.writeStringField(ArchiveFormat.K_MODIFIED, dates[1].toString());
        }
        g.writeFieldName(ArchiveFormat.K_FIELDS);
        try {
            JsonValues.writeFields(g, object);
        } catch (ArchiveException e) {
            throw new ArchiveException("cannot export " + node.path() + ": " + e.getMessage(), e);
        }
        g.writeEndObject();
        g.writeRaw('\n');
        step.run();
    }

    /**
     * Created and modified, for a reader of the archive: from the object's index entry when it is {@link Indexable},
     * else from {@code Instant} fields named {@code created} and {@code modified}. The store keeps no dates of its
     * own per node, so these are the object's, and import takes them from the fields (they are informative).
     */
    static Instant[] dates(Object object) {
        if (object instanceof Indexable indexable) {
            IndexEntry e = indexable.indexEntry();
            return new Instant[] {e.created(), e.modified()};
        }
        Instant[] out = new Instant[2];
        for (Fields.Slot slot : Fields.of(object.getClass())) {
            int i = slot.name().equals("created") ? 0 : slot.name().equals("modified") ? 1 : -1;
            if (i >= 0 && slot.type() == Instant.class) {
                try {
                    out[i] = (Instant) slot.get(object);
                } catch (ReflectiveOperationException e) {
                    // no date then
                }
            }
        }
        return out;
    }

    private void header(JsonGenerator g, String rootPath) throws IOException {
        Map<String, Class<?>> described = new TreeMap<>();
        for (Class<?> type : types.values()) {
            collect(type, described);
        }
        g.writeStartObject();
        g.writeStringField(ArchiveFormat.K_FORMAT, ArchiveFormat.FORMAT);
        g.writeNumberField(ArchiveFormat.K_VERSION, ArchiveFormat.VERSION);
        g.writeStringField(ArchiveFormat.K_ROOT, rootPath);
        g.writeArrayFieldStart(ArchiveFormat.K_TYPES);
        for (Map.Entry<String, Class<?>> e : described.entrySet()) {
            g.writeStartObject();
            g.writeStringField(ArchiveFormat.K_CLASS, e.getKey());
            g.writeObjectFieldStart(ArchiveFormat.K_FIELDS);
            for (Fields.Slot slot : Fields.of(e.getValue())) {
                g.writeStringField(slot.name(), slot.type().getTypeName());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The class and every application class its fields mention (records in lists, nested classes), by name. */
    private static void collect(Class<?> type, Map<String, Class<?>> into) {
        if (type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.") || into.containsKey(type.getName())) {
            return;
        }
        if (type.isArray()) {
            collect(type.getComponentType(), into);
            return;
        }
        into.put(type.getName(), type);
        for (Fields.Slot slot : Fields.of(type)) {
            mentioned(slot.type(), into);
        }
    }

    private static void mentioned(Type t, Map<String, Class<?>> into) {
        if (t instanceof Class<?> c) {
            collect(c, into);
        } else if (t instanceof ParameterizedType p) {
            mentioned(p.getRawType(), into);
            for (Type arg : p.getActualTypeArguments()) {
                mentioned(arg, into);
            }
        } else if (t instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                mentioned(bound, into);
            }
        }
    }

    static String relative(String path, String rootPath) {
        if (path.equals(rootPath)) {
            return "";
        }
        return rootPath.equals("/") ? path.substring(1) : path.substring(rootPath.length() + 1);
    }
}
