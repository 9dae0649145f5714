package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes on the command line: one line on stderr, exit 64, and what to type instead. */
class CommandErrorsTest {
    private static final CliHarness cli = CliHarness.withoutStore();

    private static CliHarness.Result usage(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertEquals("", r.out(), r.toString());
        return r;
    }

    @Test
    void a_mistyped_command_or_option_suggests_the_nearest_one() {
        assertTrue(usage("hisotry").err().contains("did you mean 'nightshift history'?"), "a swap of two letters");
        assertTrue(usage("stauts", "--max-age", "x=1h").err().contains("did you mean 'nightshift status'?"));
        CliHarness.Result users = usage("users", "lsit");
        assertTrue(users.err().contains("unknown command 'lsit' for nightshift users; did you mean 'nightshift users list'?"),
                users.toString());
        assertTrue(usage("store", "verfy").err().contains("did you mean 'nightshift store verify'?"));
        assertTrue(usage("status", "--max-ag", "noop=1h").err().contains("did you mean '--max-age'?"));
        CliHarness.Result far = usage("frobnicate");
        assertFalse(far.err().contains("did you mean"), "nothing is near: " + far);
        assertTrue(far.err().contains("unknown command 'frobnicate'"), far.toString());
    }

    @Test
    void a_script_s_own_options_show_in_its_help_and_are_asked_for_after_the_double_dash(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("Retag.java");
        Files.writeString(script, String.join("\n",
                "import nightshift.jobs.*;",
                "import picocli.CommandLine.Option;",
                "public class Retag implements Job {",
                "    @Option(names = \"--tag\", required = true, description = \"the tag to add\") String tag;",
                "    @Option(names = \"--folder\", defaultValue = \"/site\") String folder;",
                "    public void run(JobContext ctx) { }",
                "}"));
        CliHarness.Result help = cli.run("script", script.toString(), "--help");
        assertEquals(ExitCode.OK, help.code(), help.toString());
        assertTrue(help.out().contains("--as=USER") && help.out().contains("--tag=<tag>")
                && help.out().contains("the tag to add"), help.toString());

        CliHarness.Result noDashes = usage("script", script.toString(), "--as", "editor", "--tag", "x");
        assertTrue(noDashes.err().contains("Unknown option: '--tag'")
                && noDashes.err().contains("after `--`: nightshift script " + script + " --as USER -- --tag"), noDashes.toString());

        CliHarness.Result missing = usage("script", script.toString(), "--as", "editor");
        assertTrue(missing.err().contains("'--tag=<tag>'") && missing.err().contains("(see: nightshift script " + script + " --help)"),
                "the hint is a command that lists the option: " + missing);

        CliHarness.Result typo = usage("script", script.toString(), "--as", "editor", "--", "--tag", "x", "--fodler", "/a");
        assertTrue(typo.err().contains("'--fodler'") && typo.err().contains("did you mean '--folder'?"), typo.toString());
    }
}
