package nightshift.store.internal;

import java.util.HashSet;
import java.util.Set;
import nightshift.store.ChangeSummary;

/**
 * What a session's spills tell about creates: whether every spilled write creates a live node, and their folders (a
 * bulk create then commits without analyzing the temporary table or checking it for versions it replaces), and the
 * smallest oids spilled to the file alone (for the run's summary of its changes).
 */
final class SpilledCreates {
    private static final int MAX_CREATE_PARENTS = 1_000;
    // The smallest oids spilled to the file alone (all of them creates), for the run's summary of its changes.
    private final long[] firstCreated = new long[ChangeSummary.SAMPLES];
    private int firstCreatedCount;
    // Whether every spilled write creates a live node, and their folders (up to MAX_CREATE_PARENTS): a bulk create
    // then commits without analyzing the temporary table or checking it for versions it replaces.
    private boolean spilledOnlyCreates = true;
    private final Set<Long> createParents = new HashSet<>();

    /** Notes a write being spilled. */
    void spilled(StagedRow s) {
        Row r = s.row();
        if (!s.isNew() || s.deleted() || s.moved() || createParents.size() >= MAX_CREATE_PARENTS) {
            spilledOnlyCreates = false;
        } else if (r.parentOid() >= 0) {
            createParents.add(r.parentOid());
        }
    }

    /** Keeps {@code oid} if it is among the smallest spilled to the file alone. */
    void spilledToFile(long oid) {
        int n = firstCreatedCount;
        if (n == firstCreated.length && oid >= firstCreated[n - 1]) {
            return;
        }
        int at = n == firstCreated.length ? n - 1 : n++;
        while (at > 0 && firstCreated[at - 1] > oid) {
            firstCreated[at] = firstCreated[at - 1];
            at--;
        }
        firstCreated[at] = oid;
        firstCreatedCount = n;
    }

    /** Whether the summary can be told from the file, given how many samples it wants. */
    boolean samplesKept(int samples) {
        return samples <= firstCreated.length;
    }

    /** The counts of a session whose spilled writes are all creates in the file alone ({@code tuples} of them). */
    StagedCounts counts(long tuples, int samples) {
        return StagedCounts.ofFile(tuples, firstCreated, firstCreatedCount, samples);
    }

    /**
     * The folders of the spilled writes when each of them creates a live node (a bulk create), else null. A
     * superset: a folder may no longer hold any of them.
     */
    long[] onlyCreatesParents() {
        if (!spilledOnlyCreates) {
            return null;
        }
        return createParents.stream().mapToLong(Long::longValue).toArray();
    }

    void clear() {
        spilledOnlyCreates = true;
        createParents.clear();
        firstCreatedCount = 0;
    }
}
