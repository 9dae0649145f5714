package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How often each kind of answer came up in {@link PermissionModelTest}, so a run shows it tried every path. */
final class Tally {
    /** Each of these must have come up in a run. */
    private static final int AT_LEAST = 1;
    private static final List<String> REQUIRED = List.of("get allowed", "get refused", "exists true", "exists false",
            "find found", "find hidden or gone", "children filtered", "children refused", "create", "create refused (AddContent)",
            "create refused (Manage)", "create for another owner", "update allowed", "update refused",
            "delete refused on the node", "delete refused below", "delete allowed (leaf)", "delete allowed (with nodes below)",
            "move refused on the node", "move refused on the target", "move refused below", "move allowed (with nodes below)",
            "move into itself refused by the store", "subtree check answered by a global role",
            "subtree check answered by a local role", "subtree check looked below");

    private final Map<String, Integer> counts = new TreeMap<>();

    void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    void assertCovered() {
        for (String what : REQUIRED) {
            int n = counts.getOrDefault(what, 0);
            assertTrue(n >= AT_LEAST, "'" + what + "' came up " + n + " times: " + counts);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("permission model, answers by kind:\n");
        counts.forEach((what, n) -> b.append(String.format("  %6d  %s%n", n, what)));
        return b.toString();
    }
}
