package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        for (String[] args : new String[][] {{"users", "disable", "nobody"}, {"users", "enable", "nobody"}}) {
            CliHarness.Result r = cli.run(args);
            assertEquals(ExitCode.NO_USER, r.code(), r::toString);
            assertTrue(r.err().contains("no such user 'nobody'") && r.err().contains("admin"), r::toString);
        }
        for (String[] args : new String[][] {{"users", "grant", "nobody", "Editor"}, {"users", "revoke", "nobody", "Editor"}}) {
            CliHarness.Result r = cli.run(args);
            assertEquals(ExitCode.NO_USER, r.code(), r::toString);
            assertTrue(r.err().contains("no such user or group 'nobody'") && r.err().contains("admin"), r::toString);
        }
    }

    @Test
    void grant_and_revoke_say_what_changed_or_that_nothing_did() {
        ok("users", "add", "hank");
        assertEquals("granted Editor to hank\n", ok("users", "grant", "hank", "Editor").out());
        assertEquals("hank holds Editor already: nothing changed\n", ok("users", "grant", "hank", "Editor").out());
        String never = ok("users", "revoke", "hank", "Reader").out();
        assertTrue(never.startsWith("hank does not hold Reader as a global role: nothing changed"), never);
        assertEquals(Set.of(Role.EDITOR), rolesOf("hank"));
        String local = ok("users", "revoke", "hank", "Editor", "--on", "/").out();
        assertTrue(local.startsWith("hank holds no Editor given on /: nothing changed"), "a global role is not a local one: " + local);
        assertEquals(Set.of(Role.EDITOR), rolesOf("hank"));
        ok("users", "grant", "hank", "Reader", "--on", "/");
        assertTrue(ok("users", "grant", "hank", "Reader", "--on", "/").out().contains("already: nothing changed"));
        assertEquals("revoked Reader from hank on /\n", ok("users", "revoke", "hank", "Reader", "--on", "/").out());
    }

    @Test
    void list_shows_local_roles_with_their_paths() {
        ok("users", "add", "ivy");
        ok("users", "grant", "ivy", "Contributor", "--on", "/");
        String list = ok("users", "list").out();
        assertTrue(list.lines().findFirst().orElseThrow().contains("LOCAL ROLES"), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("ivy ") && l.endsWith("Contributor on /")), list);
    }

    @Test
    void groups_are_made_filled_granted_and_emptied_from_the_command_line() {
        ok("users", "add", "jack");
        ok("users", "add", "kate");
        String added = ok("users", "group", "add", "newsdesk", "jack", "kate", "--name", "News desk").out();
        assertEquals(List.of("added group newsdesk", "added jack to newsdesk", "added kate to newsdesk"), added.lines().toList());
        assertTrue(ok("users", "group", "add", "newsdesk", "jack").out().contains("jack is in newsdesk already: nothing changed"));
        assertEquals("granted Editor to group newsdesk\n", ok("users", "grant", "newsdesk", "Editor").out());
        String groups = ok("users", "group", "list").out();
        assertTrue(groups.lines().anyMatch(l -> l.startsWith("newsdesk ") && l.contains("News desk") && l.contains("Editor")
                && l.endsWith("jack,kate")), groups);
        assertTrue(ok("users", "list").out().lines().anyMatch(l -> l.startsWith("jack ") && l.contains("newsdesk")));

        assertEquals("removed jack from newsdesk\n", ok("users", "group", "remove", "newsdesk", "jack").out());
        assertEquals("jack is not in newsdesk: nothing changed\n", ok("users", "group", "remove", "newsdesk", "jack").out());

        CliHarness.Result noGroup = cli.run("users", "group", "remove", "sportsdesk", "kate");
        assertEquals(ExitCode.NO_USER, noGroup.code(), noGroup::toString);
        assertTrue(noGroup.err().contains("no such group 'sportsdesk' (groups: newsdesk)"), noGroup::toString);
        CliHarness.Result noMember = cli.run("users", "group", "add", "sportsdesk", "nobody");
        assertEquals(ExitCode.NO_USER, noMember.code(), noMember::toString);
        assertFalse(ok("users", "group", "list").out().contains("sportsdesk"), "nothing made when a member is unknown");
        assertEquals(ExitCode.DATA, cli.run("users", "group", "add", "jack", "kate").code(), "a user is not a group");
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
