package nightshift.store.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import java.util.Map;
import nightshift.store.UnregisteredTypeException;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Encodes objects to bytes and back with Kryo, accepting only registered classes (so stored bytes can never make
 * this client instantiate an arbitrary class). Ordinary classes use Kryo's CompatibleFieldSerializer with chunked
 * encoding and records use {@link CompatibleRecordSerializer}, so adding or removing a field keeps old states
 * readable. Kryo instances are not thread-safe; each encode or decode borrows one from a pool.
 */
final class KryoCodec {
    private static final int POOL_SIZE = 16;

    private final Types types;
    private final ClassLoader classLoader;
    private final Pool<Worker> pool;

    private static final class Worker {
        final Kryo kryo;
        final Output output = new Output(4096, -1);
        final Input input = new Input();

        Worker(Kryo kryo) {
            this.kryo = kryo;
        }
    }

    KryoCodec(Types types, ClassLoader classLoader) {
        this.types = types;
        this.classLoader = classLoader;
        this.pool = new Pool<>(true, false, POOL_SIZE) {
            @Override
            protected Worker create() {
                return new Worker(newKryo());
            }
        };
    }

    Types types() {
        return types;
    }

    byte[] encode(Object object) {
        types.idOf(object.getClass());
        Worker w = pool.obtain();
        try {
            w.output.reset();
            w.kryo.writeObject(w.output, object);
            return w.output.toBytes();
        } catch (IllegalArgumentException e) {
            throw new UnregisteredTypeException("cannot store a " + object.getClass().getName() + ": "
                    + e.getMessage() + "; register every class it contains through a TypeProvider");
        } finally {
            w.output.reset();
            pool.free(w);
        }
    }

    /** Decodes a state; Kryo's exceptions propagate for the caller to wrap with the node's oid and path. */
    Object decode(int typeId, byte[] state) {
        Class<?> type = types.classOf(typeId).orElseThrow(() -> new UnregisteredTypeException(
                "the stored type " + types.describe(typeId) + " is not registered on this client;"
                        + " put the class on the classpath and list it in a TypeProvider"));
        Worker w = pool.obtain();
        try {
            w.input.setBuffer(state);
            Object object = w.kryo.readObject(w.input, type);
            if (w.input.position() != state.length) {
                throw new KryoException("the state has " + (state.length - w.input.position())
                        + " bytes left after a complete " + type.getName() + " (" + state.length + " in all)");
            }
            return object;
        } finally {
            w.input.setBuffer(new byte[0]);
            pool.free(w);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        CompatibleFieldSerializer.CompatibleFieldSerializerConfig fields = new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
        fields.setChunkedEncoding(true);
        fields.setReadUnknownFieldData(false);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(java.util.Locale.class, new DefaultSerializers.LocaleSerializer());
        for (Map.Entry<Integer, Class<?>> core : CoreTypes.all().entrySet()) {
            kryo.register(core.getValue(), core.getKey());
        }
        for (Map.Entry<Class<?>, Integer> app : types.registered().entrySet()) {
            Class<?> type = app.getKey();
            Serializer<?> serializer;
            if (type.isRecord()) {
                serializer = new CompatibleRecordSerializer(type);
            } else if (type.isEnum()) {
                serializer = new EnumNameSerializer(type);
            } else {
                serializer = new CompatibleFieldSerializer<>(kryo, type, fields);
            }
            kryo.register(type, serializer, app.getValue());
        }
        return kryo;
    }

    /** Enums by constant name, so reordering or adding constants does not change what old states mean. */
    private static final class EnumNameSerializer<E extends Enum<E>> extends Serializer<E> {
        private final Class<E> type;

        EnumNameSerializer(Class<E> type) {
            this.type = type;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, E value) {
            output.writeString(value.name());
        }

        @Override
        public E read(Kryo kryo, Input input, Class<? extends E> ignored) {
            String name = input.readString();
            try {
                return Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                throw new KryoException("enum " + type.getName() + " has no constant " + name);
            }
        }
    }
}
