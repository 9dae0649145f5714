package nightshift.store.internal;

import java.util.Objects;

/**
 * A name under a folder: the key of the object cache's names, a snapshot reader's looked-up names and a session's
 * staged names. Its equals and hashCode are written out: a record's own are linked through ObjectMethods on first
 * call, which spins method-handle classes that no class-data archive holds: a cron run's main thread paid for that at
 * the first name it looked up.
 */
record ChildName(long parentOid, String name) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ChildName other && other.parentOid == parentOid && Objects.equals(other.name, name);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(parentOid) + Objects.hashCode(name);
    }
}
