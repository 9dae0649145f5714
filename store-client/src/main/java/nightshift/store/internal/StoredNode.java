package nightshift.store.internal;

import com.esotericsoftware.kryo.KryoException;
import java.util.Objects;
import nightshift.store.Node;
import nightshift.store.UnreadableStateException;
import nightshift.store.WrongTypeException;

/** A {@link Node} backed by a row; the object is decoded on first use and kept, or given by the caller. */
final class StoredNode implements Node {
    private final Row row;
    private final String path;
    private final KryoCodec codec;
    private Object object;

    StoredNode(Row row, String path, KryoCodec codec) {
        this.row = row;
        this.path = path;
        this.codec = codec;
    }

    private StoredNode(Row row, String path, KryoCodec codec, Object object) {
        this(row, path, codec);
        this.object = object;
    }

    Row row() {
        return row;
    }

    /** The object if it was decoded or given (it may have been changed by the caller), else null. */
    Object loadedObject() {
        return object;
    }

    @Override
    public long oid() {
        return row.oid();
    }

    @Override
    public long parentOid() {
        return row.parentOid();
    }

    @Override
    public String name() {
        return row.name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String typeName() {
        return codec.types().describe(row.typeId());
    }

    @Override
    public String owner() {
        return row.owner();
    }

    @Override
    public long tid() {
        return row.tid();
    }

    @Override
    public boolean is(Class<?> type) {
        return codec.types().classOf(row.typeId()).map(type::isAssignableFrom).orElse(false);
    }

    @Override
    public Object object() {
        if (object == null) {
            try {
                object = codec.decode(row.typeId(), row.state());
            } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new UnreadableStateException(row.oid(), path, typeName(), e);
            }
        }
        return object;
    }

    @Override
    public <T> T object(Class<T> type) {
        if (!is(type)) {
            throw new WrongTypeException(path, type, typeName());
        }
        return type.cast(object());
    }

    @Override
    public Node withObject(Object newObject) {
        Objects.requireNonNull(newObject, "object");
        return new StoredNode(row, path, codec, newObject);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredNode other && other.row.oid() == row.oid() && other.row.tid() == row.tid()
                && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(row.oid()) * 31 + Long.hashCode(row.tid());
    }

    @Override
    public String toString() {
        return "Node[" + path + " oid=" + row.oid() + " tid=" + row.tid() + " type=" + typeName() + "]";
    }
}
