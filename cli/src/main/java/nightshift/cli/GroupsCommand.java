package nightshift.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nightshift.security.Principal;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nightshift users group ...}: groups and their members; a group's roles are granted like a user's. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = {"Make groups and put users or groups in them. Grant a group roles with `users grant GROUP ROLE`:",
            "its members hold them too."},
        subcommands = {GroupsCommand.Add.class, GroupsCommand.Remove.class, GroupsCommand.ListGroups.class})
final class GroupsCommand extends CommandGroup {

    /** The group, or {@link NoSuchPrincipalException} (67) naming the known ones. */
    static Principal requireGroup(PrincipalDirectory dir, String id) {
        return dir.find(id).filter(p -> !p.isUser()).orElseThrow(() -> new NoSuchPrincipalException("no such group '" + id
                + "' (groups: " + known(dir.groups()) + "); make one with `nightshift users group add " + id + " MEMBER...`"));
    }

    /** A user or group, or {@link NoSuchPrincipalException} (67) naming the known ones. */
    static Principal requireMember(PrincipalDirectory dir, String id) {
        return dir.find(id).orElseThrow(() -> new NoSuchPrincipalException("no such user or group '" + id + "' (users: "
                + known(dir.users()) + "; groups: " + known(dir.groups()) + "); add one with `nightshift users add " + id + "`"));
    }

    private static String known(List<Principal> principals) {
        return principals.isEmpty() ? "none" : principals.stream().map(Principal::id).collect(Collectors.joining(", "));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Put users or groups in a group, making the group first if it does not exist.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "GROUP", description = "the group id: letters, digits, '.', '_', '@', '-'")
        String group;

        @Parameters(index = "1..*", paramLabel = "MEMBER", description = "users or groups to put in it")
        List<String> members = new ArrayList<>();

        @Option(names = "--name", paramLabel = "DISPLAY", description = "the new group's display name (default: the id)")
        String displayName;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrincipalDirectory dir = UsersCommand.directory(spec);
            List<Principal> toAdd = new ArrayList<>();
            for (String m : members) {
                if (m.equals(group)) {
                    throw new BadInputException("group '" + group + "' cannot be a member of itself");
                }
                toAdd.add(requireMember(dir, m));
            }
            List<String> said = new ArrayList<>();
            Principal existing = dir.find(group).orElse(null);
            if (existing == null) {
                try {
                    dir.addGroup(group, displayName);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(e.getMessage(), e);
                }
                said.add("added group " + group);
            } else if (existing.isUser()) {
                throw new BadInputException("'" + group + "' is a user, not a group; see `nightshift users group list`");
            } else if (displayName != null) {
                throw new BadUsageException("group " + group + " exists already; --name names a new group only");
            }
            for (Principal m : toAdd) {
                if (m.groups().contains(group)) {
                    said.add(m.id() + " is in " + group + " already: nothing changed");
                } else {
                    dir.addToGroup(m.id(), group);
                    said.add("added " + m.id() + " to " + group);
                }
            }
            if (said.isEmpty()) {
                said.add("group " + group + " exists already: nothing changed");
            }
            UsersCommand.done(spec, String.join(System.lineSeparator(), said));
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take users or groups out of a group.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "GROUP", description = "the group")
        String group;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MEMBER", description = "users or groups to take out of it")
        List<String> members = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrincipalDirectory dir = UsersCommand.directory(spec);
            requireGroup(dir, group);
            List<Principal> toRemove = members.stream().map(m -> requireMember(dir, m)).collect(Collectors.toList());
            List<String> said = new ArrayList<>();
            for (Principal m : toRemove) {
                if (m.groups().contains(group)) {
                    dir.removeFromGroup(m.id(), group);
                    said.add("removed " + m.id() + " from " + group);
                } else {
                    said.add(m.id() + " is not in " + group + ": nothing changed");
                }
            }
            UsersCommand.done(spec, String.join(System.lineSeparator(), said));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the groups: display name, state, global roles, the groups they are in, their members.")
    static final class ListGroups implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrincipalDirectory dir = UsersCommand.directory(spec);
            List<Principal> everyone = new ArrayList<>(dir.users());
            List<Principal> groups = dir.groups();
            everyone.addAll(groups);
            PrintWriter out = Nightshift.of(spec).out();
            out.printf("%-20s %-24s %-9s %-30s %-20s %s%n", "GROUP", "NAME", "STATE", "ROLES", "IN GROUPS", "MEMBERS");
            for (Principal g : groups) {
                String members = everyone.stream().filter(p -> p.groups().contains(g.id())).map(Principal::id)
                        .sorted().collect(Collectors.joining(","));
                out.printf("%-20s %-24s %-9s %-30s %-20s %s%n", g.id(), g.displayName(), g.disabled() ? "disabled" : "enabled",
                        g.roles().isEmpty() ? "-" : g.roles().stream().map(Role::label).sorted().collect(Collectors.joining(",")),
                        g.groups().isEmpty() ? "-" : String.join(",", new TreeSet<>(g.groups())),
                        members.isEmpty() ? "-" : members);
            }
            return ExitCode.OK;
        }
    }
}
