package nightshift.security.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import nightshift.security.Permission;
import nightshift.security.Role;
import nightshift.store.Node;

/**
 * Effective rules per node, computed by walking up to the nearest ancestor already known and then down again,
 * and remembered by oid. A job walking a tree therefore reads each folder's rules once. Valid while neither the
 * rows nor the tree's shape change: {@link #clear()} after a move, a commit or an abort.
 *
 * <p>Only ancestors are remembered (a leaf is computed from its parent's entry, which costs a map lookup), so the
 * cache grows with the folders walked, not the nodes; past {@link #MAX_ENTRIES} it starts over, keeping a
 * session that walks a huge tree in bounded memory.
 */
public final class RuleCache {
    /** Folders remembered before the cache starts over. */
    public static final int MAX_ENTRIES = 50_000;

    private final NodeRuleRows rows;
    private final LongFunction<Optional<Node>> lookup;
    private final Map<Long, EffectiveRules> byOid = new HashMap<>();

    /** @param lookup finds a node by oid in the session's (unchecked) view, to walk up to the root */
    public RuleCache(NodeRuleRows rows, LongFunction<Optional<Node>> lookup) {
        this.rows = rows;
        this.lookup = lookup;
    }

    public EffectiveRules rulesFor(Node node) {
        EffectiveRules known = byOid.get(node.oid());
        if (known != null) {
            return known;
        }
        Deque<Long> chain = new ArrayDeque<>();
        long parent = node.parentOid();
        EffectiveRules above = EffectiveRules.ABOVE_ROOT;
        while (parent != Node.NO_PARENT) {
            EffectiveRules cached = byOid.get(parent);
            if (cached != null) {
                above = cached;
                break;
            }
            chain.push(parent);
            long oid = parent;
            parent = lookup.apply(oid).map(Node::parentOid).orElse(Node.NO_PARENT);
        }
        if (byOid.size() + chain.size() > MAX_ENTRIES) {
            byOid.clear();
        }
        while (!chain.isEmpty()) {
            long oid = chain.pop();
            above = apply(oid, above);
            byOid.put(oid, above);
        }
        return apply(node.oid(), above);
    }

    /**
     * {@link #rulesFor} a node whose children are asked for next (a walk down the tree), remembered like an
     * ancestor: each child's rules are then one map lookup, not a walk up through the session.
     */
    public EffectiveRules remember(Node parent) {
        EffectiveRules rules = rulesFor(parent);
        if (byOid.size() >= MAX_ENTRIES) {
            byOid.clear();
        }
        byOid.put(parent.oid(), rules);
        return rules;
    }

    /** Whether some node in the store blocks inheritance (present or not: the rows are keyed by oid). */
    public boolean blocksAnywhere() {
        return !rows.blocked().isEmpty();
    }

    /** Whether an override anywhere in the store takes {@code permission} from {@code role} (on any node, present or not). */
    public boolean deniedAnywhere(Role role, Permission permission) {
        for (List<NodeRuleRows.Override> list : rows.overrides().values()) {
            for (NodeRuleRows.Override o : list) {
                if (!o.granted() && o.role() == role && o.permission() == permission) {
                    return true;
                }
            }
        }
        return false;
    }

    private EffectiveRules apply(long oid, EffectiveRules inherited) {
        if (!rows.hasRules(oid)) {
            return inherited;
        }
        Map<String, Set<Role>> local = rows.blocked().contains(oid) ? Map.of() : inherited.localRoles();
        Map<String, Set<Role>> own = rows.localRoles().get(oid);
        if (own != null) {
            Map<String, Set<Role>> merged = new HashMap<>(local);
            own.forEach((principal, roles) -> merged.merge(principal, roles, (a, b) -> {
                Set<Role> union = EnumSet.copyOf(a);
                union.addAll(b);
                return Set.copyOf(union);
            }));
            local = Map.copyOf(merged);
        }
        PermissionMap permissions = inherited.permissions();
        for (NodeRuleRows.Override o : rows.overrides().getOrDefault(oid, java.util.List.of())) {
            permissions = permissions.with(o.role(), o.permission(), o.granted());
        }
        return new EffectiveRules(local, permissions);
    }

    public void clear() {
        byOid.clear();
    }
}
