package nightshift.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nightshift.security.NoSuchUserException;
import nightshift.security.Principal;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift users ...}: the store's users and their roles. Administration: whoever can connect to the
 * store's database can run these; no store user is checked.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"Add users, grant and revoke their roles, disable and enable them; make groups (users group).",
            "Whoever can connect to the store's database can administer it: these commands check no store user."},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Grant.class,
            UsersCommand.Revoke.class, UsersCommand.Disable.class, UsersCommand.Enable.class, GroupsCommand.class})
final class UsersCommand extends CommandGroup {

    static PrincipalDirectory directory(CommandSpec spec) {
        return PrincipalDirectory.of(Nightshift.of(spec).store());
    }

    static void done(CommandSpec spec, String what) {
        Nightshift root = Nightshift.of(spec);
        if (!root.quiet) {
            root.out().println(what);
        }
    }

    /** The user, or {@link NoSuchUserException} (67) listing the known ones. */
    static Principal requireUser(PrincipalDirectory dir, String id) {
        return dir.find(id).filter(Principal::isUser).orElseThrow(() -> new NoSuchUserException(id,
                "no such user '" + id + "'", dir.users().stream().map(Principal::id).collect(Collectors.toList())));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user, with global roles.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user id: letters, digits, '.', '_', '@', '-'")
        String id;

        @Option(names = "--role", paramLabel = "ROLE", description = "a global role: Manager, Editor, Contributor or Reader (repeatable)")
        List<String> roles = new ArrayList<>();

        @Option(names = "--name", paramLabel = "DISPLAY", description = "display name (default: the id)")
        String displayName;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Role> parsed = roles.stream().map(Users::role).collect(Collectors.toList());
            PrincipalDirectory dir = directory(spec);
            Users.add(dir, id, displayName);
            parsed.forEach(r -> dir.grant(id, r));
            done(spec, "added user " + id + (parsed.isEmpty() ? "" : " with " + parsed.stream().map(Role::label)
                    .collect(Collectors.joining(", "))));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the users, their global roles, groups and local roles (ROLE on PATH).")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrincipalDirectory dir = directory(spec);
            List<Principal> users = dir.users();
            Map<String, String> local = localRoles(dir);
            PrintWriter out = Nightshift.of(spec).out();
            out.printf("%-20s %-24s %-9s %-30s %-20s %s%n", "USER", "NAME", "STATE", "ROLES", "GROUPS", "LOCAL ROLES");
            for (Principal p : users) {
                out.printf("%-20s %-24s %-9s %-30s %-20s %s%n", p.id(), p.displayName(), p.disabled() ? "disabled" : "enabled",
                        p.roles().isEmpty() ? "-" : p.roles().stream().map(Role::label).sorted().collect(Collectors.joining(",")),
                        p.groups().isEmpty() ? "-" : String.join(",", new java.util.TreeSet<>(p.groups())),
                        local.getOrDefault(p.id(), "-"));
            }
            return ExitCode.OK;
        }

        /** Each principal's local roles as "Editor on /site/news, Reader on /archive", the nodes' paths read at once. */
        private Map<String, String> localRoles(PrincipalDirectory dir) {
            List<PrincipalDirectory.LocalRole> roles = dir.localRoles();
            if (roles.isEmpty()) {
                return Map.of();
            }
            Map<Long, Node> nodes;
            try (Session s = Nightshift.of(spec).store().openSession()) {
                nodes = s.findAll(roles.stream().mapToLong(PrincipalDirectory.LocalRole::nodeOid).distinct().toArray());
            }
            Map<String, String> byPrincipal = new java.util.TreeMap<>();
            for (PrincipalDirectory.LocalRole r : roles) {
                Node node = nodes.get(r.nodeOid());
                String where = r.role().label() + " on " + (node == null ? "oid " + r.nodeOid() + " (deleted)" : node.path());
                byPrincipal.merge(r.principal(), where, (a, b) -> a + ", " + b);
            }
            return byPrincipal;
        }
    }

    /** Grant and revoke: the user, the role, and an optional node for a local role. */
    abstract static class RoleChange implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user or group id")
        String id;

        @Parameters(index = "1", paramLabel = "ROLE", description = "Manager, Editor, Contributor or Reader")
        String roleName;

        @Option(names = "--on", paramLabel = "PATH", description = "a local role on this node and below, instead of a global role")
        String path;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Role role = Users.role(roleName);
            PrincipalDirectory dir = directory(spec);
            Principal who = GroupsCommand.requireMember(dir, id);
            String whom = (who.isUser() ? "" : "group ") + id;
            if (path == null) {
                done(spec, global(dir, role, who.roles().contains(role), whom));
            } else {
                try (Session s = Nightshift.of(spec).store().openSession()) {
                    Node node = s.get(path);
                    boolean held = dir.localRoles(node).getOrDefault(id, Set.of()).contains(role);
                    done(spec, local(dir, role, node, held, whom));
                }
            }
            return ExitCode.OK;
        }

        /** Changes the global role if that changes anything, and says what happened. */
        abstract String global(PrincipalDirectory dir, Role role, boolean held, String whom);

        /** Changes the local role on the node if that changes anything, and says what happened. */
        abstract String local(PrincipalDirectory dir, Role role, Node node, boolean held, String whom);
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Give a user or group a role: everywhere, or with --on on a node and everything below it.")
    static final class Grant extends RoleChange {
        @Override
        String global(PrincipalDirectory dir, Role role, boolean held, String whom) {
            if (held) {
                return whom + " holds " + role + " already: nothing changed";
            }
            dir.grant(id, role);
            return "granted " + role + " to " + whom;
        }

        @Override
        String local(PrincipalDirectory dir, Role role, Node node, boolean held, String whom) {
            if (held) {
                return whom + " holds " + role + " on " + node.path() + " already: nothing changed";
            }
            dir.grantLocal(id, role, node);
            return "granted " + role + " to " + whom + " on " + node.path();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Take a role from a user or group: the global one, or with --on the local one given on that node.")
    static final class Revoke extends RoleChange {
        @Override
        String global(PrincipalDirectory dir, Role role, boolean held, String whom) {
            if (!held) {
                return whom + " does not hold " + role + " as a global role: nothing changed (see `nightshift users list`)";
            }
            dir.revoke(id, role);
            return "revoked " + role + " from " + whom;
        }

        @Override
        String local(PrincipalDirectory dir, Role role, Node node, boolean held, String whom) {
            if (!held) {
                return whom + " holds no " + role + " given on " + node.path() + ": nothing changed (see `nightshift users list`)";
            }
            dir.revokeLocal(id, role, node);
            return "revoked " + role + " from " + whom + " on " + node.path();
        }
    }

    /** Disables or enables a user. */
    abstract static class Switch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user id")
        String id;

        @Spec
        CommandSpec spec;

        abstract boolean enabled();

        @Override
        public Integer call() {
            PrincipalDirectory dir = directory(spec);
            requireUser(dir, id);
            if (enabled()) {
                dir.enable(id);
            } else {
                dir.disable(id);
            }
            done(spec, (enabled() ? "enabled" : "disabled") + " user " + id);
            return ExitCode.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Stop a user from acting: no job runs as it.")
    static final class Disable extends Switch {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled user act again.")
    static final class Enable extends Switch {
        @Override
        boolean enabled() {
            return true;
        }
    }
}
