package nightshift.store;

import java.util.Map;
import java.util.Optional;

/**
 * The classes this client may store and read, each with the stable id the store assigned to it. The ids live in
 * the store ({@code ns_type}), so every client and every version agrees on them. Read-only once the store is open.
 */
public interface TypeRegistry {
    /** The id of a registered class; {@link UnregisteredTypeException} if it is not registered. */
    int idOf(Class<?> type);

    /** The registered class with this id, if this client has it. */
    Optional<Class<?>> classOf(int typeId);

    /** The class name the store recorded for this id, whether or not this client has the class. */
    Optional<String> nameOf(int typeId);

    /** Every application and content type, by id (the JDK types every client knows are not listed). */
    Map<Integer, String> types();
}
