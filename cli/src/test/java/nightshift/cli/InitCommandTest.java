package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.security.Principal;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Store;
import org.junit.jupiter.api.Test;

class InitCommandTest {
    @Test
    void init_creates_the_schema_and_an_admin_with_manager_and_is_idempotent() {
        CliHarness cli = CliHarness.forNewDatabase("init");
        CliHarness.Result first = cli.run("init");
        assertEquals(ExitCode.OK, first.code(), first::toString);
        assertTrue(first.out().contains("added user admin"), first::toString);
        assertTrue(first.out().contains("granted Manager to admin"), first::toString);

        CliHarness.Result again = cli.run("init");
        assertEquals(ExitCode.OK, again.code(), again::toString);
        assertTrue(again.out().contains("user admin already holds Manager"), again::toString);

        try (Store store = Store.open(cli.config())) {
            Principal admin = PrincipalDirectory.of(store).find("admin").orElseThrow();
            assertTrue(admin.roles().contains(Role.MANAGER));
            assertEquals(1, PrincipalDirectory.of(store).users().size());
        }
    }

    @Test
    void init_names_another_admin_and_prints_nothing_when_quiet() {
        CliHarness cli = CliHarness.forNewDatabase("init_quiet");
        CliHarness.Result r = cli.run("init", "--admin", "root-admin", "-q");
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertEquals("", r.out());
        CliHarness.Result list = cli.run("users", "list");
        assertTrue(list.out().contains("root-admin"), list::toString);
    }

    @Test
    void commands_on_a_database_without_schema_say_to_run_init() {
        CliHarness cli = CliHarness.forNewDatabase("no_schema");
        CliHarness.Result r = cli.run("users", "list");
        assertEquals(ExitCode.CONFIG, r.code(), r::toString);
    }
}
