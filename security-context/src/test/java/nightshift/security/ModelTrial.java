package nightshift.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nightshift.security.AccessModel.LocalRole;
import nightshift.security.AccessModel.MNode;
import nightshift.security.AccessModel.MPrincipal;
import nightshift.security.AccessModel.OverrideKey;
import nightshift.security.AccessModel.Tree;
import nightshift.store.ChangeSummary;
import nightshift.store.ChildPage;
import nightshift.store.Node;
import nightshift.store.Page;
import nightshift.store.Session;
import nightshift.store.StoreException;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;

/**
 * One random case for {@link PermissionModelTest}: principals, a tree under {@code /t}, node rules, then a few
 * sessions of random operations, each answer compared with what {@link AccessModel} says. Everything it sets up
 * is removed again at the start of the next one, so each case starts from an empty directory and no rules.
 */
final class ModelTrial {
    private static final Role[] GRANTABLE = {Role.MANAGER, Role.EDITOR, Role.CONTRIBUTOR, Role.READER};
    private static final double[] GLOBAL_ODDS = {0.1, 0.25, 0.4, 0.3};
    private static final Permission[] OVERRIDDEN = {Permission.DELETE, Permission.DELETE, Permission.DELETE, Permission.VIEW,
            Permission.VIEW, Permission.VIEW, Permission.ADD_CONTENT, Permission.ADD_CONTENT, Permission.MODIFY,
            Permission.MANAGE, Permission.MANAGE_USERS};

    private final Store store;
    private final PrincipalDirectory dir;
    private final Random rnd;
    private final AccessModel model;
    private final Tally tally;
    private final StringBuilder log = new StringBuilder();
    private final Set<String> names = new HashSet<>();
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private Tree committed = new Tree();
    private long treeTid;

    // the session being run
    private SecureSession s;
    private String user;
    private Tree view;

    ModelTrial(Store store, Random rnd, Map<Role, Set<Permission>> defaults, Tally tally) {
        this.store = store;
        this.dir = PrincipalDirectory.of(store);
        this.rnd = rnd;
        this.model = new AccessModel(defaults);
        this.tally = tally;
    }

    void run() {
        reset();
        principals();
        tree();
        rules();
        int sessions = 2 + rnd.nextInt(2);
        for (int i = 0; i < sessions; i++) {
            session();
        }
    }

    /** What was set up and done, for a failure's message. */
    String describe() {
        StringBuilder b = new StringBuilder("principals:\n");
        model.principals.values().forEach(p -> b.append("  ").append(p).append('\n'));
        b.append("tree (committed):\n");
        for (MNode n : committed.all()) {
            b.append("  ").append(n.oid()).append(' ').append(committed.path(n)).append(" owner=").append(n.owner()).append('\n');
        }
        b.append("local roles: ").append(model.localRoles).append('\n');
        b.append("blocked: ").append(model.blocked).append('\n');
        b.append("overrides: ").append(model.overrides).append('\n');
        return b.append("operations:\n").append(log).toString();
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    private void reset() {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM ns_local_role; DELETE FROM ns_node_security; DELETE FROM ns_node_permission;"
                    + " DELETE FROM ns_group_member; DELETE FROM ns_principal_role; DELETE FROM ns_principal");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Session plain = store.openSession(); Stream<Node> left = plain.children(plain.root())) {
            left.toList().forEach(plain::delete);
            plain.commit(TxInfo.system("next model case"));
        }
    }

    private Set<Role> someRoles() {
        Set<Role> roles = new HashSet<>();
        for (int i = 0; i < GRANTABLE.length; i++) {
            if (rnd.nextDouble() < GLOBAL_ODDS[i]) {
                roles.add(GRANTABLE[i]);
            }
        }
        return roles;
    }

    private void principals() {
        int userCount = 3 + rnd.nextInt(3);
        int groupCount = 1 + rnd.nextInt(3);
        for (int i = 1; i <= groupCount; i++) {
            groups.add("g" + i);
        }
        for (int i = 1; i <= userCount; i++) {
            users.add("u" + i);
        }
        List<String> all = new ArrayList<>(users);
        all.addAll(groups);
        Map<String, Set<String>> memberOf = new TreeMap<>();
        for (String p : all) {
            memberOf.put(p, new HashSet<>());
            for (String g : groups) {
                if (!g.equals(p) && rnd.nextDouble() < (p.startsWith("u") ? 0.3 : 0.2)) {
                    memberOf.get(p).add(g);
                }
            }
        }
        for (String p : all) {
            boolean group = p.startsWith("g");
            // a third of the users hold no role of their own: what they see then comes from groups, local roles, ownership
            Set<Role> roles = !group && rnd.nextInt(3) == 0 ? Set.of() : someRoles();
            boolean disabled = rnd.nextDouble() < (group ? 0.15 : 0.08);
            if (group) {
                dir.addGroup(p, p);
            } else {
                dir.addUser(p, p);
            }
            roles.forEach(r -> dir.grant(p, r));
            if (disabled) {
                dir.disable(p);
            }
            model.principals.put(p, new MPrincipal(p, group, disabled, Set.copyOf(roles), memberOf.get(p)));
        }
        for (String p : all) {
            for (String g : memberOf.get(p)) {
                dir.addToGroup(p, g);
            }
        }
        if (rnd.nextDouble() < 0.2) {
            String member = all.get(rnd.nextInt(all.size()));
            Optional<String> group = memberOf.get(member).stream().sorted().findFirst();
            if (group.isPresent()) {
                dir.removeFromGroup(member, group.get());
                MPrincipal p = model.principals.get(member);
                Set<String> left = new HashSet<>(p.memberOf());
                left.remove(group.get());
                model.principals.put(member, new MPrincipal(member, p.group(), p.disabled(), p.roles(), Set.copyOf(left)));
            }
        }
    }

    private String anOwner() {
        int pick = rnd.nextInt(users.size() + 2);
        return pick < users.size() ? users.get(pick) : pick == users.size() ? TxInfo.SYSTEM_USER : "ghost";
    }

    /** A name not used before in this case, so that no create or move can clash with a name anywhere. */
    private String freshName() {
        String alphabet = "abcdefgh0123";
        while (true) {
            StringBuilder b = new StringBuilder();
            int length = 1 + rnd.nextInt(3);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            if (names.add(b.toString())) {
                return b.toString();
            }
        }
    }

    private static String content(Object object) {
        return object instanceof Document d ? "doc " + d.title() + "|" + d.body() : "folder " + ((Folder) object).title();
    }

    private static MNode modelled(Node n) {
        return new MNode(n.oid(), n.parentOid(), n.name(), n.owner(), content(n.object()));
    }

    private void tree() {
        try (Session plain = store.openSession()) {
            committed.put(modelled(plain.root()));
            Node top = plain.create(plain.root(), "t", Folder.titled("t"), anOwner());
            names.add("t");
            List<Node> folders = new ArrayList<>(List.of(top));
            committed.put(modelled(top));
            int count = 2 + rnd.nextInt(13);
            for (int i = 0; i < count; i++) {
                Node parent = folders.get(rnd.nextInt(folders.size()));
                String name = freshName();
                boolean folder = rnd.nextDouble() < 0.45;
                Node n = plain.create(parent, name, folder ? Folder.titled(name) : Document.of(name, "v0"), anOwner());
                if (folder) {
                    folders.add(n);
                }
                committed.put(modelled(n));
            }
            treeTid = plain.commit(TxInfo.system("model tree"));
        }
    }

    /** A node to put a rule on: mostly in the case's tree, sometimes the root. */
    private MNode aRuleNode() {
        List<MNode> all = committed.all();
        return rnd.nextDouble() < 0.05 ? committed.get(Node.ROOT_OID) : all.get(1 + rnd.nextInt(all.size() - 1));
    }

    private void rules() {
        List<String> principals = new ArrayList<>(model.principals.keySet());
        try (Session plain = store.openSession()) {
            for (int i = rnd.nextInt(6); i > 0; i--) {
                MNode n = aRuleNode();
                LocalRole l = new LocalRole(n.oid(), principals.get(rnd.nextInt(principals.size())), GRANTABLE[rnd.nextInt(4)]);
                dir.grantLocal(l.principal(), l.role(), plain.find(n.oid()).orElseThrow());
                model.localRoles.add(l);
            }
            if (!model.localRoles.isEmpty() && rnd.nextDouble() < 0.15) {
                LocalRole l = model.localRoles.iterator().next();
                dir.revokeLocal(l.principal(), l.role(), plain.find(l.oid()).orElseThrow());
                model.localRoles.remove(l);
            }
            for (int i = rnd.nextInt(3); i > 0; i--) {
                MNode n = aRuleNode();
                dir.blockInheritance(plain.find(n.oid()).orElseThrow(), true);
                model.blocked.add(n.oid());
            }
            if (rnd.nextDouble() < 0.1) {
                MNode n = aRuleNode();
                dir.blockInheritance(plain.find(n.oid()).orElseThrow(), false);
                model.blocked.remove(n.oid());
            }
            for (int i = rnd.nextInt(6); i > 0; i--) {
                MNode n = aRuleNode();
                Role role = Role.values()[rnd.nextInt(Role.values().length)];
                Permission permission = OVERRIDDEN[rnd.nextInt(OVERRIDDEN.length)];
                boolean granted = rnd.nextBoolean();
                dir.setPermission(plain.find(n.oid()).orElseThrow(), role, permission, granted);
                model.overrides.put(new OverrideKey(n.oid(), role, permission), granted);
            }
            if (rnd.nextBoolean()) {
                // a role that sees the folder loses View on something inside it: listings then leave it out
                MNode n = committed.all().get(2 + rnd.nextInt(committed.all().size() - 2));
                Role role = new Role[] {Role.READER, Role.CONTRIBUTOR, Role.EDITOR, Role.OWNER}[rnd.nextInt(4)];
                dir.setPermission(plain.find(n.oid()).orElseThrow(), role, Permission.VIEW, false);
                model.overrides.put(new OverrideKey(n.oid(), role, Permission.VIEW), false);
            }
            if (!model.overrides.isEmpty() && rnd.nextDouble() < 0.15) {
                OverrideKey k = model.overrides.keySet().iterator().next();
                dir.clearPermission(plain.find(k.oid()).orElseThrow(), k.role(), k.permission());
                model.overrides.remove(k);
            }
        }
    }

    // ---- sessions -----------------------------------------------------------------------------------------------

    private void session() {
        user = users.get(rnd.nextInt(users.size()));
        log.append("session as ").append(user).append('\n');
        if (model.principals.get(user).disabled()) {
            assertThrows(UserDisabledException.class, () -> SecureSession.open(store, user));
            tally.count("open refused (disabled)");
            return;
        }
        view = committed.copy();
        try (SecureSession opened = SecureSession.open(store, user)) {
            s = opened;
            boolean aborted = false;
            for (int i = 6 + rnd.nextInt(14); i > 0 && !aborted; i--) {
                aborted = operation();
            }
            if (aborted) {
                log.append("  (the session ends after the abort)\n");
            } else if (rnd.nextInt(3) > 0) {
                assertSameTree(view, s.unchecked(), "the session's view");
                log.append("  commit\n");
                s.commit();
                committed = view;
            } else {
                assertSameTree(view, s.unchecked(), "the session's view");
                log.append("  abort\n");
                s.abort();
            }
        }
        try (Session plain = store.openSession()) {
            assertSameTree(committed, plain, "the store after the session");
        }
    }

    /** One random operation; true if it ended with an abort. */
    private boolean operation() {
        int pick = rnd.nextInt(100);
        if (view.all().size() == 1) {
            create(false);
        } else if (pick < 8) {
            get();
        } else if (pick < 13) {
            exists();
        } else if (pick < 18) {
            find();
        } else if (pick < 22) {
            findAll();
        } else if (pick < 30) {
            children(rnd.nextBoolean());
        } else if (pick < 32) {
            root();
        } else if (pick < 40) {
            create(false);
        } else if (pick < 47) {
            create(true);
        } else if (pick < 55) {
            update();
        } else if (pick < 76) {
            delete();
        } else if (pick < 98) {
            move();
        } else {
            return revert();
        }
        return false;
    }

    private MNode anyNode() {
        List<MNode> all = view.all();
        return all.get(rnd.nextInt(all.size()));
    }

    /** A node other than the root, mostly one with nodes below it. */
    private MNode aWritableNode() {
        List<MNode> all = new ArrayList<>(view.all());
        all.removeIf(n -> n.oid() == Node.ROOT_OID);
        if (rnd.nextInt(3) > 0) {
            List<MNode> parents = new ArrayList<>(all);
            parents.removeIf(n -> view.children(n).isEmpty());
            if (!parents.isEmpty()) {
                return parents.get(rnd.nextInt(parents.size()));
            }
        }
        return all.get(rnd.nextInt(all.size()));
    }

    private Node node(MNode n) {
        return s.unchecked().find(n.oid()).orElseThrow(() -> new AssertionError("the session no longer sees " + view.path(n)));
    }

    private boolean allows(Permission p, MNode n) {
        return model.allows(user, p, view, n);
    }

    private void note(String what, String expected) {
        log.append("  ").append(what).append(" -> expected ").append(expected).append('\n');
    }

    /** The operation must be refused for {@code permission} on {@code path}, staging nothing. */
    private void refused(String what, Permission permission, String path, Runnable operation) {
        note(what, "refused: " + permission + " on " + path);
        ChangeSummary before = s.changes();
        AccessDeniedException e = assertThrows(AccessDeniedException.class, operation::run, what);
        assertEquals(user, e.user(), what);
        assertEquals(permission, e.permission(), what + ": " + e.getMessage());
        assertEquals(path, e.path(), what + ": " + e.getMessage());
        assertEquals(before, s.changes(), what + ": nothing staged for a refused operation");
    }

    private <T> T allowed(String what, String expected, Supplier<T> operation) {
        note(what, expected);
        try {
            return operation.get();
        } catch (AccessDeniedException e) {
            throw new AssertionError(what + ": the model allows it, the session refused: " + e.getMessage(), e);
        }
    }

    private void get() {
        MNode n = anyNode();
        String path = view.path(n);
        if (allows(Permission.VIEW, n)) {
            Node got = allowed("get " + path, "the node", () -> s.get(path));
            assertEquals(n.oid(), got.oid());
            tally.count("get allowed");
        } else {
            refused("get " + path, Permission.VIEW, path, () -> s.get(path));
            tally.count("get refused");
        }
    }

    private void root() {
        MNode root = view.get(Node.ROOT_OID);
        if (allows(Permission.VIEW, root)) {
            allowed("root", "the root", s::root);
            tally.count("root allowed");
        } else {
            refused("root", Permission.VIEW, "/", s::root);
            tally.count("root refused");
        }
    }

    private void exists() {
        boolean missing = rnd.nextInt(5) == 0;
        MNode n = anyNode();
        String path = missing ? view.path(n) + (n.oid() == Node.ROOT_OID ? "" : "/") + "none" : view.path(n);
        boolean expected = !missing && allows(Permission.VIEW, n);
        note("exists " + path, String.valueOf(expected));
        assertEquals(expected, s.exists(path), "exists " + path);
        tally.count(expected ? "exists true" : "exists false");
    }

    /** An oid the session sees, or one of a node it no longer sees, or one that never was. */
    private long anOid() {
        int pick = rnd.nextInt(8);
        if (pick == 0) {
            return 987_654_321L;
        }
        if (pick == 1) {
            for (MNode n : committed.all()) {
                if (!view.contains(n.oid())) {
                    return n.oid();
                }
            }
        }
        return anyNode().oid();
    }

    private boolean visible(long oid) {
        return view.contains(oid) && allows(Permission.VIEW, view.get(oid));
    }

    private void find() {
        long oid = anOid();
        boolean expected = visible(oid);
        note("find " + oid, String.valueOf(expected));
        Optional<Node> found = s.find(oid);
        assertEquals(expected, found.isPresent(), "find " + oid);
        found.ifPresent(n -> assertEquals(view.path(view.get(oid)), n.path()));
        tally.count(expected ? "find found" : "find hidden or gone");
    }

    private void findAll() {
        Set<Long> asked = new LinkedHashSet<>();
        for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
            asked.add(anOid());
        }
        List<Long> expected = asked.stream().filter(this::visible).toList();
        note("findAll " + asked, expected.toString());
        Map<Long, Node> found = s.findAll(asked.stream().mapToLong(Long::longValue).toArray());
        assertEquals(expected, List.copyOf(found.keySet()), "findAll " + asked);
        tally.count("findAll");
    }

    private void children(boolean paged) {
        MNode parent = rnd.nextInt(4) == 0 ? anyNode() : aWritableNode();
        String path = view.path(parent);
        String what = (paged ? "children (pages) of " : "children (stream) of ") + path;
        Node p = node(parent);
        if (!allows(Permission.VIEW, parent)) {
            refused(what, Permission.VIEW, path, () -> {
                if (paged) {
                    s.children(p, Page.first(2));
                } else {
                    s.children(p).close();
                }
            });
            tally.count("children refused");
            return;
        }
        List<String> expected = view.children(parent).stream().filter(c -> allows(Permission.VIEW, c)).map(MNode::name).toList();
        List<String> listed = allowed(what, expected.toString(), () -> {
            List<String> names = new ArrayList<>();
            if (paged) {
                int size = 1 + rnd.nextInt(3);
                Optional<Page> page = Optional.of(Page.first(size));
                while (page.isPresent()) {
                    ChildPage cp = s.children(p, page.get());
                    cp.nodes().forEach(n -> names.add(n.name()));
                    page = cp.next();
                }
            } else {
                try (Stream<Node> stream = s.children(p)) {
                    stream.forEach(n -> names.add(n.name()));
                }
            }
            return names;
        });
        assertEquals(expected, listed, what);
        tally.count(expected.size() < view.children(parent).size() ? "children filtered" : "children all visible");
    }

    private void create(boolean withOwner) {
        MNode parent = anyNode();
        String path = view.path(parent);
        String name = freshName();
        boolean folder = rnd.nextBoolean();
        Object object = folder ? Folder.titled(name) : Document.of(name, "v0");
        String owner = !withOwner || rnd.nextInt(3) == 0 ? user : anOwner();
        String what = "create " + name + " in " + path + (withOwner ? " for " + owner : "");
        Node p = node(parent);
        if (!allows(Permission.ADD_CONTENT, parent)) {
            refused(what, Permission.ADD_CONTENT, path, () -> doCreate(p, name, object, withOwner, owner));
            tally.count("create refused (AddContent)");
        } else if (!owner.equals(user) && !allows(Permission.MANAGE, parent)) {
            refused(what, Permission.MANAGE, path, () -> doCreate(p, name, object, withOwner, owner));
            tally.count("create refused (Manage)");
        } else {
            Node created = allowed(what, "created", () -> doCreate(p, name, object, withOwner, owner));
            assertEquals(owner, created.owner());
            view.put(new MNode(created.oid(), parent.oid(), name, owner, content(object)));
            tally.count(withOwner && !owner.equals(user) ? "create for another owner" : "create");
        }
    }

    private Node doCreate(Node parent, String name, Object object, boolean withOwner, String owner) {
        return withOwner ? s.create(parent, name, object, owner) : s.create(parent, name, object);
    }

    private void update() {
        MNode n = aWritableNode();
        String path = view.path(n);
        Node current = node(n);
        Object changed = current.object() instanceof Document d ? Document.of(d.title(), d.body() + "+")
                : Folder.titled(((Folder) current.object()).title() + "+");
        if (allows(Permission.MODIFY, n)) {
            allowed("update " + path, "updated", () -> s.update(current.withObject(changed)));
            view.put(new MNode(n.oid(), n.parent(), n.name(), n.owner(), content(changed)));
            tally.count("update allowed");
        } else {
            refused("update " + path, Permission.MODIFY, path, () -> s.update(current.withObject(changed)));
            tally.count("update refused");
        }
    }

    /**
     * Runs a delete or move that reaches the check below the node, and asserts it listed the nodes below exactly
     * when README says it does: unless a role held on the node, and on every node below (global, or local with no
     * block in the store), grants Delete there and no override in the store denies that role Delete.
     */
    private void checkingBelow(MNode n, Runnable operation) {
        Set<Role> global = model.globalRoles(user);
        String kind = "looked below";
        for (Role r : model.rolesOn(user, view, n)) {
            boolean deniedSomewhere = model.overrides.entrySet().stream()
                    .anyMatch(e -> e.getKey().role() == r && e.getKey().permission() == Permission.DELETE && !e.getValue());
            if (!deniedSomewhere && model.grants(r, Permission.DELETE, view, n)) {
                if (global.contains(r)) {
                    kind = "answered by a global role";
                    break;
                }
                if (r != Role.OWNER && model.blocked.isEmpty()) {
                    kind = "answered by a local role";
                }
            }
        }
        long walks = s.policy().subtreeWalks();
        operation.run();
        assertEquals(kind.equals("looked below") ? walks + 1 : walks, s.policy().subtreeWalks(), "listed below: " + kind);
        tally.count("subtree check " + kind);
    }

    private void delete() {
        boolean theRoot = rnd.nextInt(40) == 0;
        MNode n = theRoot ? view.get(Node.ROOT_OID) : aWritableNode();
        String path = view.path(n);
        String what = "delete " + path;
        Node current = node(n);
        Optional<MNode> below = model.firstRefusedBelow(user, Permission.DELETE, view, n);
        if (!allows(Permission.DELETE, n)) {
            refused(what, Permission.DELETE, path, () -> s.delete(current));
            tally.count("delete refused on the node");
        } else if (theRoot) {
            note(what, "the store refuses");
            StoreException e = assertThrows(StoreException.class, () -> s.delete(current), what);
            assertFalse(e instanceof AccessDeniedException, what + ": " + e.getMessage());
            tally.count("delete of the root refused by the store");
        } else if (below.isPresent()) {
            checkingBelow(n, () -> refused(what, Permission.DELETE, view.path(below.get()), () -> s.delete(current)));
            tally.count("delete refused below");
        } else {
            boolean leaf = view.children(n).isEmpty();
            checkingBelow(n, () -> allowed(what, "deleted", () -> {
                s.delete(current);
                return null;
            }));
            view.removeWithEverythingBelow(n);
            tally.count(leaf ? "delete allowed (leaf)" : "delete allowed (with nodes below)");
        }
    }

    private void move() {
        MNode n = aWritableNode();
        MNode target = rnd.nextInt(6) == 0 ? view.get(n.parent()) : anyNode();
        String path = view.path(n);
        String targetPath = view.path(target);
        String name = freshName();
        String what = "move " + path + " to " + targetPath + " as " + name;
        Node current = node(n);
        Node to = node(target);
        Optional<MNode> below = model.firstRefusedBelow(user, Permission.DELETE, view, n);
        if (!allows(Permission.DELETE, n)) {
            refused(what, Permission.DELETE, path, () -> s.move(current, to, name));
            tally.count("move refused on the node");
        } else if (!allows(Permission.ADD_CONTENT, target)) {
            refused(what, Permission.ADD_CONTENT, targetPath, () -> s.move(current, to, name));
            tally.count("move refused on the target");
        } else if (below.isPresent()) {
            checkingBelow(n, () -> refused(what, Permission.DELETE, view.path(below.get()), () -> s.move(current, to, name)));
            tally.count("move refused below");
        } else if (view.within(target, n)) {
            note(what, "the store refuses (into itself)");
            checkingBelow(n, () -> {
                StoreException e = assertThrows(StoreException.class, () -> s.move(current, to, name), what);
                assertFalse(e instanceof AccessDeniedException, what + ": " + e.getMessage());
            });
            tally.count("move into itself refused by the store");
        } else {
            boolean leaf = view.children(n).isEmpty();
            Node[] moved = new Node[1];
            checkingBelow(n, () -> moved[0] = allowed(what, "moved", () -> s.move(current, to, name)));
            assertEquals(targetPath.equals("/") ? "/" + name : targetPath + "/" + name, moved[0].path());
            view.put(new MNode(n.oid(), target.oid(), name, n.owner(), n.content()));
            tally.count(leaf ? "move allowed (leaf)" : "move allowed (with nodes below)");
        }
    }

    /**
     * Undo is store administration: Manage at the root. Whatever it stages is aborted again, and the session ends
     * there: a listing in a session that has aborted writes it had listed before can miss the writes staged after
     * the abort, a matter of the store's staged writes and not of the security checks this test is about.
     */
    private boolean revert() {
        MNode root = view.get(Node.ROOT_OID);
        String what = "revert " + treeTid;
        if (allows(Permission.MANAGE, root)) {
            note(what, "not refused for permission");
            try {
                s.revert(treeTid);
            } catch (AccessDeniedException e) {
                fail(what + ": the model allows it, the session refused: " + e.getMessage(), e);
            } catch (StoreException e) {
                // undo may be refused for what happened since; that is the store's answer, not the policy's
            }
            log.append("  abort\n");
            s.abort();
            tally.count("revert allowed");
            return true;
        }
        refused(what, Permission.MANAGE, "/", () -> s.revert(treeTid));
        tally.count("revert refused");
        return false;
    }

    // ---- comparing trees ----------------------------------------------------------------------------------------

    /** Every node but the root as {@code session} sees it (unchecked), against the model's tree. */
    private static void assertSameTree(Tree expected, Session session, String what) {
        Map<String, String> modelled = new TreeMap<>();
        for (MNode n : expected.all()) {
            if (n.oid() != Node.ROOT_OID) {
                modelled.put(expected.path(n), n.owner() + " " + n.content());
            }
        }
        Map<String, String> actual = new TreeMap<>();
        List<Node> todo = new ArrayList<>(List.of(session.root()));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (n.oid() != Node.ROOT_OID) {
                actual.put(n.path(), n.owner() + " " + content(n.object()));
            }
            try (Stream<Node> children = session.children(n)) {
                children.forEach(todo::add);
            }
        }
        assertEquals(modelled, actual, what);
    }
}
