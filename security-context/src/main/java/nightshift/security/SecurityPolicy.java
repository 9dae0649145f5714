package nightshift.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nightshift.security.internal.EffectiveRules;
import nightshift.security.internal.Jdbc;
import nightshift.security.internal.NodeRuleRows;
import nightshift.security.internal.RuleCache;
import nightshift.security.internal.SubtreeWalk;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;

/**
 * What a {@link SecurityContext} may do on a node, as one session sees the tree. The roles a user holds on a
 * node are its global roles (its own and its groups'), {@link Role#AUTHENTICATED}, the local roles given to it or
 * its groups on the node or an ancestor (up to the nearest node that blocks inheritance), and {@link Role#OWNER}
 * on a node it owns. A permission is allowed when one of those roles grants it on that node: the default map,
 * changed by overrides on the node and its ancestors.
 *
 * <p>Rules are read at the first check (a {@link SecureSession} reads them just before it opens its store session
 * instead, so both borrow the same pooled connection), and again at the first check after {@link #reload()};
 * effective rules are remembered per node oid for the session's life, so a job walking many nodes reads each
 * folder's rules once. A {@link SecureSession} reloads its policy at commit and abort, when its snapshot moves.
 * Lazily: a run that checks nothing after its commit (most cron runs) does not read the rules a second time.
 */
public final class SecurityPolicy {
    private final Jdbc jdbc;
    private final Session session;
    private RuleCache cache;
    private long subtreeWalks;

    private SecurityPolicy(Jdbc jdbc, Session session) {
        this.jdbc = jdbc;
        this.session = session;
    }

    private RuleCache cache() {
        if (cache == null) {
            cache = new RuleCache(NodeRuleRows.load(jdbc), session::find);
        }
        return cache;
    }

    /** A policy over the tree as {@code session} sees it (a SecureSession is looked through, not checked). */
    public static SecurityPolicy load(Store store, Session session) {
        return load(store, session, null);
    }

    /** The same, starting from rules read already ({@link #readRules}), or reading them at the first check if null. */
    static SecurityPolicy load(Store store, Session session, NodeRuleRows rules) {
        Session plain = session instanceof SecureSession secure ? secure.unchecked() : session;
        SecurityPolicy policy = new SecurityPolicy(new Jdbc(store.dataSource()), plain);
        if (rules != null) {
            policy.cache = new RuleCache(rules, plain::find);
        }
        return policy;
    }

    static NodeRuleRows readRules(Store store) {
        return NodeRuleRows.load(new Jdbc(store.dataSource()));
    }

    /** The roles {@code ctx} holds on {@code node}; every role for the system context. */
    public Set<Role> rolesOn(SecurityContext ctx, Node node) {
        if (ctx.isSystem()) {
            return EnumSet.allOf(Role.class);
        }
        return rolesOn(ctx, node, cache().rulesFor(node));
    }

    private static Set<Role> rolesOn(SecurityContext ctx, Node node, EffectiveRules rules) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(ctx.globalRoles());
        for (Map.Entry<String, Set<Role>> e : rules.localRoles().entrySet()) {
            if (ctx.actsAs(e.getKey())) {
                roles.addAll(e.getValue());
            }
        }
        if (ctx.user().equals(node.owner())) {
            roles.add(Role.OWNER);
        }
        return roles;
    }

    /** The roles that grant {@code permission} on {@code node}. */
    public Set<Role> rolesGranting(Permission permission, Node node) {
        return cache().rulesFor(node).permissions().rolesFor(permission);
    }

    public boolean allows(SecurityContext ctx, Permission permission, Node node) {
        if (ctx.isSystem()) {
            return true;
        }
        // One lookup of the node's rules for both questions: a job listing a folder asks for every child.
        EffectiveRules rules = cache().rulesFor(node);
        Set<Role> granting = rules.permissions().rolesFor(permission);
        for (Role r : rolesOn(ctx, node, rules)) {
            if (granting.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** Returns quietly if allowed; otherwise {@link AccessDeniedException} naming user, permission and path. */
    public void check(SecurityContext ctx, Permission permission, Node node) {
        if (!allows(ctx, permission, node)) {
            throw denied(ctx, permission, node, "");
        }
    }

    /**
     * Returns quietly if {@code ctx} holds {@code permission} on every node below {@code top}, as this policy's session
     * sees them (its staged writes included); otherwise {@link AccessDeniedException} naming the first node that
     * lacks it, depth-first in name order: a node before its children, children by name, each child's subtree
     * before the next child. {@code top} itself is the caller's to check; {@code operation} ("deleting") says in
     * the message what needs the permission.
     *
     * <p>Without a walk when a role the user holds on {@code top} is held on every node below as well (a global
     * role, which nothing blocks, or a local role while no node in the store blocks inheritance), grants the
     * permission on {@code top}, and no override anywhere in the store takes the permission from that role: below
     * {@code top} only an override could take it away, so every node below allows it too.
     */
    void checkBelow(SecurityContext ctx, Permission permission, Node top, String operation) {
        if (ctx.isSystem()) {
            return;
        }
        RuleCache rules = cache();
        if (grantedEverywhereBelow(ctx, permission, top, rules)) {
            return;
        }
        subtreeWalks++;
        Optional<Node> refused = SubtreeWalk.firstRefusedBelow(session, top, new SubtreeWalk.Visitor() {
            @Override
            public boolean allows(Node node) {
                return SecurityPolicy.this.allows(ctx, permission, node);
            }

            @Override
            public void entering(Node parent) {
                rules.remember(parent);
            }
        });
        if (refused.isPresent()) {
            throw denied(ctx, permission, refused.get(),
                    "; " + operation + " " + top.path() + " needs " + permission.label() + " on every node below it");
        }
    }

    private static boolean grantedEverywhereBelow(SecurityContext ctx, Permission permission, Node top, RuleCache rules) {
        EffectiveRules here = rules.rulesFor(top);
        Set<Role> granting = here.permissions().rolesFor(permission);
        for (Role role : rolesOn(ctx, top, here)) {
            boolean heldBelow = ctx.globalRoles().contains(role) || role != Role.OWNER && !rules.blocksAnywhere();
            if (heldBelow && granting.contains(role) && !rules.deniedAnywhere(role, permission)) {
                return true;
            }
        }
        return false;
    }

    /** How many {@link #checkBelow} calls listed the nodes below: for tests to see when it does. */
    long subtreeWalks() {
        return subtreeWalks;
    }

    private AccessDeniedException denied(SecurityContext ctx, Permission permission, Node node, String more) {
        EffectiveRules rules = cache().rulesFor(node);
        return new AccessDeniedException(ctx.user(), permission, node.path(),
                "roles here: " + labels(rolesOn(ctx, node)) + "; " + permission.label() + " needs one of: "
                        + labels(rules.permissions().rolesFor(permission)) + more);
    }

    /** Reads the rules again and forgets every remembered node. */
    public void reload() {
        cache = null;
    }

    /** Forgets every remembered node but keeps the rules: the tree's shape changed (a move). */
    void forgetNodes() {
        if (cache != null) {
            cache.clear();
        }
    }

    private static String labels(Set<Role> roles) {
        return roles.isEmpty() ? "none" : roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
    }
}
