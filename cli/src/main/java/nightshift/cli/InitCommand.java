package nightshift.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import nightshift.security.Principal;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nightshift init [--admin NAME]}: the schema, the root folder and an administrator; safe to run again. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create or upgrade the schema and make sure the administrator exists, with Manager.",
            "Creates the root folder with the schema; enables the administrator if disabled. Safe to run again:",
            "it changes only what is missing. --grant-to ROLE lets a database role that owns nothing run every other",
            "command; run init with it again after each upgrade."})
final class InitCommand implements Callable<Integer> {
    static final String DEFAULT_ADMIN = "admin";

    @Option(names = "--admin", paramLabel = "NAME", defaultValue = DEFAULT_ADMIN,
            description = "the administrator's user id (default: ${DEFAULT-VALUE})")
    String admin;

    @Option(names = "--grant-to", paramLabel = "ROLE",
            description = "also grant this database role what running nightshift needs, and nothing more (repeatable)")
    List<String> grantTo = new ArrayList<>();

    @Option(names = "--print-grants", paramLabel = "ROLE",
            description = "print the statements --grant-to would run for this role, and change nothing")
    String printGrants;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        if (printGrants != null) {
            Store.accessGrants(root.settings().storeConfig(root.loader()), printGrants)
                    .forEach(sql -> root.out().println(sql + ";"));
            return ExitCode.OK;
        }
        List<String> done = initialize(root, admin);
        for (String role : grantTo) {
            Store.grantAccess(root.settings().storeConfig(root.loader()), role);
            done.add("granted database role " + role + " access to the store's tables, sequences and functions");
        }
        if (!root.quiet) {
            done.forEach(root.out()::println);
        }
        return ExitCode.OK;
    }

    /** Migrates the store and ensures the administrator; returns what it did, one line per step. */
    static List<String> initialize(Nightshift root, String admin) {
        List<String> done = new ArrayList<>();
        String version = Store.migrate(root.settings().storeConfig(root.loader()));
        done.add("schema at version " + version + ", root folder present");
        done.addAll(ensureUser(PrincipalDirectory.of(root.store()), admin, "Administrator", Role.MANAGER));
        return done;
    }

    /** Makes sure the user exists, is enabled and holds the role globally; returns what it changed. */
    static List<String> ensureUser(PrincipalDirectory dir, String id, String displayName, Role role) {
        List<String> done = new ArrayList<>();
        Optional<Principal> found = dir.find(id);
        if (found.isPresent() && !found.get().isUser()) {
            throw new BadInputException("'" + id + "' is a group, not a user; choose another name");
        }
        if (found.isEmpty()) {
            Users.add(dir, id, displayName);
            done.add("added user " + id);
        } else if (found.get().disabled()) {
            dir.enable(id);
            done.add("enabled user " + id);
        }
        if (found.isEmpty() || !found.get().roles().contains(role)) {
            dir.grant(id, role);
            done.add("granted " + role + " to " + id);
        }
        if (done.isEmpty()) {
            done.add("user " + id + " already holds " + role);
        }
        return done;
    }
}
