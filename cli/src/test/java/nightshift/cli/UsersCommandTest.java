package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersCommandTest {
    static CliHarness cli;

    @BeforeAll
    static void init() {
        cli = CliHarness.forNewDatabase("users");
        assertEquals(ExitCode.OK, cli.run("init", "-q").code());
    }

    private static CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(ExitCode.OK, r.code(), r::toString);
        return r;
    }

    private static Set<Role> rolesOf(String user) {
        try (Store store = Store.open(cli.config())) {
            return PrincipalDirectory.of(store).find(user).orElseThrow().roles();
        }
    }

    @Test
    void add_with_roles_and_a_display_name_then_list_shows_them() {
        assertTrue(ok("users", "add", "bob", "--role", "editor", "--role", "Reader", "--name", "Bob Smith").out()
                .contains("added user bob with Editor, Reader"));
        assertEquals(Set.of(Role.EDITOR, Role.READER), rolesOf("bob"));
        String list = ok("users", "list").out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("bob ") && l.contains("Bob Smith") && l.contains("Editor,Reader")
                && l.contains("enabled")), list);
        assertTrue(list.contains("admin"), list);
    }

    @Test
    void grant_and_revoke_a_global_role() {
        ok("users", "add", "carol");
        assertTrue(ok("users", "grant", "carol", "Contributor").out().contains("granted Contributor to carol"));
        assertEquals(Set.of(Role.CONTRIBUTOR), rolesOf("carol"));
        assertTrue(ok("users", "revoke", "carol", "contributor").out().contains("revoked Contributor from carol"));
        assertEquals(Set.of(), rolesOf("carol"));
    }

    @Test
    void grant_and_revoke_a_local_role_with_on() {
        ok("users", "add", "dave");
        assertTrue(ok("users", "grant", "dave", "Editor", "--on", "/").out().contains("granted Editor to dave on /"));
        try (Store store = Store.open(cli.config()); Session s = store.openSession()) {
            Map<String, Set<Role>> local = PrincipalDirectory.of(store).localRoles(s.root());
            assertEquals(Set.of(Role.EDITOR), local.get("dave"));
        }
        assertEquals(Set.of(), rolesOf("dave"), "a local role is not a global one");
        ok("users", "revoke", "dave", "Editor", "--on", "/");
        try (Store store = Store.open(cli.config()); Session s = store.openSession()) {
            assertFalse(PrincipalDirectory.of(store).localRoles(s.root()).containsKey("dave"));
        }
    }

    @Test
    void disable_and_enable() {
        ok("users", "add", "erin");
        ok("users", "disable", "erin");
        assertTrue(ok("users", "list").out().lines().anyMatch(l -> l.startsWith("erin ") && l.contains("disabled")));
        ok("users", "enable", "erin");
        assertTrue(ok("users", "list").out().lines().anyMatch(l -> l.startsWith("erin ") && l.contains("enabled")));
    }

    @Test
    void an_unknown_user_exits_67_naming_the_known_ones() {
        for (String[] args : new String[][] {{"users", "grant", "nobody", "Editor"}, {"users", "revoke", "nobody", "Editor"},
            {"users", "disable", "nobody"}, {"users", "enable", "nobody"}}) {
            CliHarness.Result r = cli.run(args);
            assertEquals(ExitCode.NO_USER, r.code(), r::toString);
            assertTrue(r.err().contains("no such user 'nobody'") && r.err().contains("admin"), r::toString);
        }
    }

    @Test
    void a_bad_role_exits_64_and_adds_nothing() {
        CliHarness.Result r = cli.run("users", "add", "frank", "--role", "Boss");
        assertEquals(ExitCode.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("no role 'Boss'") && r.err().contains("Editor"), r::toString);
        assertFalse(ok("users", "list").out().contains("frank"));
        assertEquals(ExitCode.USAGE, cli.run("users", "grant", "admin", "Owner").code());
    }

    @Test
    void a_bad_path_exits_65() {
        ok("users", "add", "gina");
        CliHarness.Result missing = cli.run("users", "grant", "gina", "Editor", "--on", "/no/such/folder");
        assertEquals(ExitCode.DATA, missing.code(), missing::toString);
        CliHarness.Result invalid = cli.run("users", "grant", "gina", "Editor", "--on", "relative");
        assertEquals(ExitCode.DATA, invalid.code(), invalid::toString);
    }

    @Test
    void adding_a_taken_or_invalid_name_exits_65() {
        assertEquals(ExitCode.DATA, cli.run("users", "add", "admin").code());
        assertEquals(ExitCode.DATA, cli.run("users", "add", "bad name").code());
    }
}
