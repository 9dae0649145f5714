package nightshift.store.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The staged writes still on the heap, one {@link StagedRow} per oid (latest wins), with the (folder, name) of each
 * live one and the bytes of their states: what a session that never spilled commits, and what the next spill takes.
 */
final class HeapWrites {
    private final LinkedHashMap<Long, StagedRow> buffer = new LinkedHashMap<>();
    private final Map<ChildName, Long> bufferNames = new HashMap<>();
    private long bufferBytes;

    boolean isEmpty() {
        return buffer.isEmpty();
    }

    int size() {
        return buffer.size();
    }

    StagedRow get(long oid) {
        return buffer.get(oid);
    }

    boolean contains(long oid) {
        return buffer.containsKey(oid);
    }

    /** The oid of the live staged node with this name in this folder, or null. */
    Long oidNamed(long parentOid, String name) {
        return bufferNames.get(new ChildName(parentOid, name));
    }

    /** Takes the staging of {@code oid} off the heap, if there is one. */
    StagedRow remove(long oid) {
        StagedRow previous = buffer.remove(oid);
        if (previous != null) {
            bufferBytes -= previous.row().state().length;
            forgetName(previous);
        }
        return previous;
    }

    void add(StagedRow row) {
        buffer.put(row.oid(), row);
        bufferBytes += row.row().state().length;
        if (!row.deleted()) {
            bufferNames.put(new ChildName(row.row().parentOid(), row.row().name()), row.oid());
        }
    }

    /** The bytes of the states on the heap. */
    long bytes() {
        return bufferBytes;
    }

    /** The writes on the heap, in the order they were first staged. */
    Collection<StagedRow> values() {
        return Collections.unmodifiableCollection(buffer.values());
    }

    void clear() {
        buffer.clear();
        bufferNames.clear();
        bufferBytes = 0;
    }

    private void forgetName(StagedRow row) {
        ChildName key = new ChildName(row.row().parentOid(), row.row().name());
        Long oid = bufferNames.get(key);
        if (oid != null && oid == row.oid()) {
            bufferNames.remove(key);
        }
    }
}
