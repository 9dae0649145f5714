package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.StoreConfig;
import org.junit.jupiter.api.Test;

/** The examples are a jar loaded with --lib like any application's: the command alone has neither their jobs nor their types. */
class ExamplesJarTest {
    private static final String EVENT = "nightshift.examples.Event";

    @Test
    void a_store_the_command_initialises_without_the_examples_has_no_example_type() throws SQLException {
        CliHarness cli = CliHarness.forNewDatabase("cli-no-examples");
        assertEquals(ExitCode.OK, cli.run("init").code());
        CliHarness.Result noop = cli.run("run", "noop", "--as", "admin");
        assertEquals(ExitCode.OK, noop.code(), noop::toString);
        List<String> types = types(cli.config());
        assertTrue(types.contains("nightshift.store.content.Document"), types::toString);
        assertFalse(types.contains(EVENT), types::toString);
        CliHarness.Result jobs = cli.run("jobs");
        assertEquals(ExitCode.OK, jobs.code(), jobs::toString);
        assertFalse(jobs.out().contains("create-news"), jobs::toString);
    }

    @Test
    void create_news_is_an_unknown_job_without_the_examples_jar_and_runs_with_it() throws SQLException {
        CliHarness cli = CliHarness.forNewDatabase("cli-examples-lib");
        assertEquals(ExitCode.OK, cli.run("init").code());
        assertEquals(ExitCode.OK, cli.run("users", "add", "editor", "--role", "Editor").code());

        CliHarness.Result without = cli.run("run", "create-news", "--as", "editor", "--folder", "/", "--count", "3");
        assertEquals(ExitCode.USAGE, without.code(), without::toString);
        assertTrue(without.err().contains("no job 'create-news'"), without::toString);
        assertFalse(types(cli.config()).contains(EVENT));

        CliHarness.Result with = cli.run("--lib", ExamplesJar.directory().toString(), "run", "create-news", "--as", "editor",
                "--folder", "/", "--count", "3");
        assertEquals(ExitCode.OK, with.code(), with::toString);
        assertTrue(with.out().contains("created 4"), with::toString);
        assertTrue(types(cli.config()).contains(EVENT), "the jar brings its types along");
    }

    @Test
    void the_demo_without_the_examples_jar_says_where_it_is_and_leaves_the_store_as_it_was() throws SQLException {
        CliHarness cli = CliHarness.forNewDatabase("cli-demo-no-examples");
        CliHarness.Result r = cli.run("demo", "--count", "2");
        assertEquals(ExitCode.USAGE, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains("NIGHTSHIFT_EXAMPLES") && r.err().contains("./nightshift demo"), r::toString);
        assertNull(scalar(cli.config(), "SELECT to_regclass('ns_type')::text"), "not even init ran");
    }

    private static List<String> types(StoreConfig config) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT class_name FROM ns_type")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String scalar(StoreConfig config, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
