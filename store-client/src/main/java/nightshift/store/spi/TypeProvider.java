package nightshift.store.spi;

import java.util.List;

/**
 * Registers an application's classes with the store, found through {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/nightshift.store.spi.TypeProvider}. Every class whose instances are
 * stored as nodes, or appear inside them (nested records, enums, value classes), must be listed; the store refuses
 * to write or read any other. Ids are assigned once, in the store, so every client agrees on them.
 */
public interface TypeProvider {
    List<Class<?>> types();
}
