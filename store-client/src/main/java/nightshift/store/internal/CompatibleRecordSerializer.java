package nightshift.store.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.InputChunked;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.io.OutputChunked;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Serializes a record by component name, each value in its own chunk, so that a record that gained or lost
 * components still reads states written before: unknown components are skipped, missing ones get their type's
 * default. Kryo's own RecordSerializer writes components by position and cannot do that.
 */
final class CompatibleRecordSerializer<T extends Record> extends Serializer<T> {
    private static final int CHUNK_SIZE = 1024;

    private final RecordComponent[] components;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Constructor<T> constructor;
    // The count and names this record writes before its values: the same bytes for every state of one version of
    // the record, so they are written as one array and, on reading, recognised by comparison instead of decoded.
    private final byte[] header;
    // Reused by the outermost write and read (a Kryo instance, and so this serializer, serves one thread at a time;
    // a record nested in a record of the same type allocates its own): a chunk buffer per state was a large part of
    // the garbage a bulk job made.
    private final OutputChunked chunkedOut = new OutputChunked(CHUNK_SIZE);
    private final InputChunked chunkedIn = new InputChunked(CHUNK_SIZE);
    private int writing;
    private int reading;

    CompatibleRecordSerializer(Class<T> type) {
        this.components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            indexByName.put(components[i].getName(), i);
            components[i].getAccessor().setAccessible(true);
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("record " + type.getName() + " has no canonical constructor", e);
        }
        Output names = new Output(64, -1);
        names.writeVarInt(components.length, true);
        for (RecordComponent c : components) {
            names.writeString(c.getName());
        }
        this.header = names.toBytes();
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        output.writeBytes(header);
        OutputChunked chunked = writing++ == 0 ? chunkedOut : new OutputChunked(CHUNK_SIZE);
        try {
            chunked.setOutputStream(output);
            for (RecordComponent c : components) {
                try {
                    kryo.writeClassAndObject(chunked, c.getAccessor().invoke(record));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new KryoException("cannot read component " + c.getName() + " of " + record.getClass().getName(), e);
                }
                chunked.endChunk();
            }
        } finally {
            chunked.setOutputStream(null);
            writing--;
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        String[] names = readNames(input);
        int count = names == null ? components.length : names.length;
        Object[] values = new Object[components.length];
        boolean[] present = new boolean[components.length];
        InputChunked chunked = reading++ == 0 ? chunkedIn : new InputChunked(CHUNK_SIZE);
        try {
            chunked.setInputStream(input);
            for (int position = 0; position < count; position++) {
                // Fast path: an unchanged record stores its components in declaration order.
                Integer index = names == null ? Integer.valueOf(position)
                        : position < components.length && components[position].getName().equals(names[position])
                        ? Integer.valueOf(position) : indexByName.get(names[position]);
                if (index != null) {
                    Object value = kryo.readClassAndObject(chunked);
                    values[index] = checked(components[index], value);
                    present[index] = true;
                }
                chunked.nextChunk();
            }
        } finally {
            chunked.setInputStream(null);
            reading--;
        }
        for (int i = 0; i < components.length; i++) {
            if (!present[i] || values[i] == null) {
                values[i] = defaultValue(components[i].getType(), values[i]);
            }
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new KryoException("the constructor of " + type.getName() + " refused the stored values: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot construct " + type.getName(), e);
        }
    }

    /** The stored component names, or null when they are this record's own, in its order (then they are skipped). */
    private String[] readNames(Input input) {
        int at = input.position();
        if (input.limit() - at >= header.length
                && Arrays.equals(input.getBuffer(), at, at + header.length, header, 0, header.length)) {
            input.setPosition(at + header.length);
            return null;
        }
        String[] names = new String[input.readVarInt(true)];
        for (int i = 0; i < names.length; i++) {
            names[i] = input.readString();
        }
        return names;
    }

    private static Object checked(RecordComponent c, Object value) {
        if (value == null) {
            return null;
        }
        Class<?> expected = box(c.getType());
        if (!expected.isInstance(value)) {
            throw new KryoException("stored component '" + c.getName() + "' is a " + value.getClass().getName()
                    + " but the record now declares " + c.getType().getName());
        }
        return value;
    }

    private static Object defaultValue(Class<?> type, Object current) {
        if (!type.isPrimitive()) {
            return current;
        }
        if (type == boolean.class) {
            return false;
        } else if (type == char.class) {
            return '\0';
        } else if (type == long.class) {
            return 0L;
        } else if (type == int.class) {
            return 0;
        } else if (type == short.class) {
            return (short) 0;
        } else if (type == byte.class) {
            return (byte) 0;
        } else if (type == double.class) {
            return 0d;
        }
        return 0f;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
