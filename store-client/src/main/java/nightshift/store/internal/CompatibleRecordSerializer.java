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
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        output.writeVarInt(components.length, true);
        for (RecordComponent c : components) {
            output.writeString(c.getName());
        }
        OutputChunked chunked = new OutputChunked(output, CHUNK_SIZE);
        for (RecordComponent c : components) {
            try {
                kryo.writeClassAndObject(chunked, c.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new KryoException("cannot read component " + c.getName() + " of " + record.getClass().getName(), e);
            }
            chunked.endChunk();
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        int count = input.readVarInt(true);
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = input.readString();
        }
        Object[] values = new Object[components.length];
        boolean[] present = new boolean[components.length];
        InputChunked chunked = new InputChunked(input, CHUNK_SIZE);
        for (int position = 0; position < count; position++) {
            String name = names[position];
            // Fast path: an unchanged record stores its components in declaration order.
            Integer index = position < components.length && components[position].getName().equals(name)
                    ? Integer.valueOf(position) : indexByName.get(name);
            if (index != null) {
                Object value = kryo.readClassAndObject(chunked);
                values[index] = checked(components[index], value);
                present[index] = true;
            }
            chunked.nextChunk();
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
