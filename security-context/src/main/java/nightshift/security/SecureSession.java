package nightshift.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import nightshift.security.internal.Jdbc;
import nightshift.security.internal.NodeRuleRows;
import nightshift.store.ChangeSummary;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Reversal;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.spi.CommitHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store {@link Session} that acts as one user and checks every operation before it happens:
 *
 * <ul>
 *   <li>{@code root}, {@code get} need View on the node; {@code find} and {@code exists} answer as if a node the
 *       user cannot view were not there;</li>
 *   <li>{@code children} needs View on the folder and skips the children the user cannot view (a page may then
 *       hold fewer nodes than its size; its {@code next} still continues the listing);</li>
 *   <li>{@code create} needs AddContent on the parent, and the new node is owned by the acting user; creating
 *       it for another owner needs Manage there as well;</li>
 *   <li>{@code update} needs Modify, {@code delete} needs Delete on the node and on every node below it;</li>
 *   <li>{@code move} needs Delete on the node and on every node below it, and AddContent on the new parent.</li>
 * </ul>
 *
 * The nodes below are those this session sees, its own staged creates and moves included. A refused delete or
 * move names the first node that blocks it: the node itself, then (for a move) the new parent, then the nodes
 * below depth-first in name order (a node before its children, children by name, each child's subtree before the
 * next child).
 *
 * A refusal is an {@link AccessDeniedException}; nothing is staged for the refused operation and what was staged
 * before is untouched: commit it or abort, as the caller decides. Commits record the acting user: a
 * {@link TxInfo} naming another user is refused ({@link SecurityContextException}, nothing written), so a record
 * can never claim someone else did the work. Writes are checked against the node as this session sees it now
 * (looked up again by oid), not against the {@link Node} value passed in.
 */
public final class SecureSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(SecureSession.class);

    private final SecurityContext ctx;
    private final Session delegate;
    private final SecurityPolicy policy;
    /**
     * The folder the last create added to, as looked up and checked then. Adding children changes neither its row
     * nor the rules that apply to it, so a bulk create into one folder looks it up and checks it once, not once per
     * node, which was a large part of a bulk job's own time; any other write, a commit or an abort forgets it.
     */
    private Node addableParent;
    /** Set on a view made by {@link #withoutEnding}: why its commit, abort and close refuse. */
    private final String endRefusal;

    private SecureSession(Store store, SecurityContext ctx, NodeRuleRows readWithUser) {
        this.endRefusal = null;
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        // The rules are read before the store session takes its connection, so the pool lends both the same one:
        // read from within the session they needed a second, and in a one-shot process every connection is a
        // login (SCRAM, a noticeable part of a cron run's start). The system context checks nothing and reads none.
        NodeRuleRows rules = ctx.isSystem() ? null : readWithUser != null ? readWithUser : SecurityPolicy.readRules(store);
        this.delegate = ctx.isSystem() ? store.openSession() : store.openSession(ctx.user());
        try {
            this.policy = SecurityPolicy.load(store, delegate, rules);
        } catch (RuntimeException e) {
            delegate.close();
            throw e;
        }
    }

    /**
     * A session acting as {@code user}, who must exist and be enabled: {@link NoSuchUserException},
     * {@link UserDisabledException} otherwise.
     */
    public static SecureSession open(Store store, String user) {
        UserContexts.ContextAndRules read = UserContexts.contextAndRules(new Jdbc(store.dataSource()), user);
        return opened(new SecureSession(store, read.context(), read.rules()));
    }

    /** As {@link #open(Store, String)}, starting from the user and rules {@code ahead} already read. */
    public static SecureSession open(Store store, UserReadAhead ahead) {
        UserContexts.ContextAndRules read = ahead.contextAndRules();
        return opened(new SecureSession(store, read.context(), read.rules()));
    }

    /** A session acting as {@code ctx}; pass {@link SecurityContext#system()} explicitly for maintenance. */
    public static SecureSession open(Store store, SecurityContext ctx) {
        return opened(new SecureSession(store, ctx, null));
    }

    private SecureSession(SecureSession owner, String endRefusal) {
        this.ctx = owner.ctx;
        this.delegate = owner.delegate;
        this.policy = owner.policy;
        this.endRefusal = Objects.requireNonNull(endRefusal, "endRefusal");
    }

    /**
     * This session for code that may read and stage but not end the work: the view checks and stages as this session
     * does, into the same writes, and its {@code commit}, {@code abort} and {@code close} throw
     * {@link IllegalStateException} with {@code refusal}, changing nothing. Only this session ends what both staged.
     */
    public SecureSession withoutEnding(String refusal) {
        return new SecureSession(this, refusal);
    }

    private void refuseEnding() {
        if (endRefusal != null) {
            throw new IllegalStateException(endRefusal);
        }
    }

    private static SecureSession opened(SecureSession s) {
        LOG.debug("secure session opened as {}", s.ctx);
        return s;
    }

    public SecurityContext context() {
        return ctx;
    }

    /** The policy this session checks with, to ask what the user may do before trying. */
    public SecurityPolicy policy() {
        return policy;
    }

    /** A transaction record naming the acting user, to add a job, run id or note to and pass to {@link #commit(TxInfo)}. */
    public TxInfo txInfo() {
        return ctx.txInfo();
    }

    /** Commits with {@link #txInfo()}. */
    public long commit() {
        return commit(txInfo());
    }

    /** The wrapped session, unchecked: only for the policy's own walk up the tree. */
    Session unchecked() {
        return delegate;
    }

    private Node require(Permission permission, Node node) {
        try {
            policy.check(ctx, permission, node);
        } catch (AccessDeniedException e) {
            LOG.debug("denied: {}", e.getMessage());
            throw e;
        }
        return node;
    }

    /**
     * Delete on every node below {@code top}, as this session sees them. The root is neither deleted nor moved (the
     * store refuses both), so the tree below it is not walked for nothing.
     */
    private void requireBelow(Node top, String operation) {
        if (top.oid() == Node.ROOT_OID) {
            return;
        }
        try {
            policy.checkBelow(ctx, Permission.DELETE, top, operation);
        } catch (AccessDeniedException e) {
            LOG.debug("denied: {}", e.getMessage());
            throw e;
        }
    }

    /** {@code parent} as this session sees it now, once the acting user may add content to it. */
    private Node addable(Node parent) {
        Node known = addableParent;
        if (known != null && known.oid() == parent.oid()) {
            return known;
        }
        Node current = require(Permission.ADD_CONTENT, current(parent));
        addableParent = current;
        return current;
    }

    /** The node as this session sees it now, so a stale or hand-made Node value cannot change the answer. */
    private Node current(Node node) {
        return delegate.find(node.oid()).orElse(node);
    }

    @Override
    public long snapshotTid() {
        return delegate.snapshotTid();
    }

    @Override
    public Node root() {
        return require(Permission.VIEW, delegate.root());
    }

    @Override
    public Node get(String path) {
        return require(Permission.VIEW, delegate.get(path));
    }

    @Override
    public <T> T get(String path, Class<T> type) {
        return get(path).object(type);
    }

    @Override
    public Optional<Node> find(long oid) {
        return delegate.find(oid).filter(this::viewable);
    }

    @Override
    public Map<Long, Node> findAll(long[] oids) {
        Map<Long, Node> visible = new LinkedHashMap<>();
        delegate.findAll(oids).forEach((oid, node) -> {
            if (viewable(node)) {
                visible.put(oid, node);
            }
        });
        return visible;
    }

    @Override
    public boolean exists(String path) {
        if (!delegate.exists(path)) {
            return false;
        }
        return viewable(delegate.get(path));
    }

    private boolean viewable(Node node) {
        return policy.allows(ctx, Permission.VIEW, node);
    }

    @Override
    public ChildPage children(Node parent, Page page) {
        require(Permission.VIEW, current(parent));
        ChildPage all = delegate.children(parent, page);
        List<Node> visible = new ArrayList<>(all.nodes().size());
        for (Node n : all.nodes()) {
            if (viewable(n)) {
                visible.add(n);
            }
        }
        return visible.size() == all.nodes().size() ? all : new ChildPage(visible, all.next());
    }

    @Override
    public Stream<Node> children(Node parent) {
        require(Permission.VIEW, current(parent));
        return delegate.children(parent).filter(this::viewable);
    }

    @Override
    public Node create(Node parent, String name, Object object) {
        addable(parent);
        return delegate.create(parent, name, object);
    }

    /** Needs AddContent on the parent and, for an owner other than the acting user, Manage there too. */
    @Override
    public Node create(Node parent, String name, Object object, String owner) {
        Node current = addable(parent);
        if (!ctx.user().equals(owner)) {
            require(Permission.MANAGE, current);
        }
        return delegate.create(parent, name, object, owner);
    }

    @Override
    public Node update(Node node) {
        addableParent = null;
        require(Permission.MODIFY, current(node));
        return delegate.update(node);
    }

    /** Needs Delete on the node and on every node below it, which go with it. */
    @Override
    public void delete(Node node) {
        addableParent = null;
        Node current = require(Permission.DELETE, current(node));
        requireBelow(current, "deleting");
        delegate.delete(node);
    }

    /**
     * Needs Delete on the node and on every node below it (they leave their place, and the local roles they
     * inherited there) and AddContent on the new parent; checked in that order: the node, the new parent, below.
     */
    @Override
    public Node move(Node node, Node newParent, String newName) {
        addableParent = null;
        Node current = require(Permission.DELETE, current(node));
        require(Permission.ADD_CONTENT, current(newParent));
        requireBelow(current, "moving");
        Node moved = delegate.move(node, newParent, newName);
        policy.forgetNodes();
        return moved;
    }

    /** Undo is store administration: it needs Manage at the root (a Manager, or the system context). */
    @Override
    public Reversal revert(long tid, Reversal.Listener listener) {
        addableParent = null;
        require(Permission.MANAGE, delegate.root());
        Reversal reversal = delegate.revert(tid, listener);
        policy.forgetNodes();
        return reversal;
    }

    @Override
    public boolean hasChanges() {
        return delegate.hasChanges();
    }

    @Override
    public ChangeSummary changes() {
        return delegate.changes();
    }

    /**
     * Commits as the acting user. {@code info.user()} must be the acting user ({@value TxInfo#SYSTEM_USER} for the
     * system context); any other name is refused with {@link SecurityContextException} and nothing is written.
     */
    @Override
    public long commit(TxInfo info) {
        return commit(info, CommitHook.NONE);
    }

    /** As {@link #commit(TxInfo)}, with work that commits in the same database transaction. */
    @Override
    public long commit(TxInfo info, CommitHook hook) {
        refuseEnding();
        if (!ctx.user().equals(info.user())) {
            throw new SecurityContextException("this session acts as '" + ctx.user() + "' and records that user;"
                    + " the transaction record names '" + info.user() + "': use session.txInfo() (nothing was written)");
        }
        addableParent = null;
        try {
            return delegate.commit(info, hook);
        } finally {
            policy.reload();
        }
    }

    @Override
    public void abort() {
        refuseEnding();
        addableParent = null;
        delegate.abort();
        policy.reload();
    }

    @Override
    public void close() {
        refuseEnding();
        delegate.close();
    }
}
