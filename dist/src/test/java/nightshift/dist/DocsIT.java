package nightshift.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import nightshift.cli.CommandModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages and the completion script in the tarball, against the command's model they were generated from. */
class DocsIT {
    private static List<CommandLine> everyCommand(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        for (CommandLine sub : command.getSubcommands().values()) {
            all.addAll(everyCommand(sub));
        }
        return all;
    }

    private static String page(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Dist.unpacked().resolve("man/man1/" + name + ".1.gz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void every_command_and_subcommand_has_a_man_page_with_its_options() throws IOException {
        List<CommandLine> commands = everyCommand(CommandModel.full());
        assertTrue(commands.size() > 20, "the model holds the subcommands: " + commands.size());
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName("-");
            String roff = page(name);
            String title = name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-");
            assertTrue(roff.contains(".TH \"" + title + "\" \"1\""), name + ": a roff man page");
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertTrue(roff.contains(option.longestName().replace("-", "\\-")), name + " documents " + option.longestName());
                }
            }
        }
    }

    @Test
    void man_renders_the_run_page() {
        Dist.Result r = Dist.run(List.of("man", "-l", Dist.unpacked().resolve("man/man1/nightshift-run.1.gz").toString()),
                Dist.TARGET, Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("--as"), r.toString());
    }

    private static Path completion() {
        return Dist.unpacked().resolve("completion/nightshift.bash");
    }

    @Test
    void the_completion_script_is_valid_bash() {
        Dist.Result r = Dist.run(List.of("bash", "-n", completion().toString()), Dist.TARGET, Map.of());
        assertEquals(0, r.code(), r.toString());
    }

    /** What bash offers for the last word of {@code line}, with the script loaded and the tarball's bin/ on the PATH. */
    private static List<String> complete(String line) {
        String script = "source \"$0\"\n"
                + "read -ra COMP_WORDS <<< \"$1\"\n"
                + "[[ $1 == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$1; COMP_POINT=${#1}\n"
                + "_nightshift_complete nightshift \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Path home = Dist.freshDir("completion-home");
        Map<String, String> env = new HashMap<>(Dist.userEnvironment(home));
        env.put("PATH", Dist.unpacked().resolve("bin") + ":" + System.getenv("PATH"));
        Dist.Result r = Dist.run(List.of("bash", "-c", script, completion().toString(), line), home, env);
        assertEquals(0, r.code(), r.toString());
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void completes_commands_options_and_the_job_names_of_nightshift_jobs() {
        List<String> commands = complete("nightshift sch");
        assertTrue(commands.contains("schedule") && commands.contains("scheduler"), commands.toString());
        List<String> options = complete("nightshift run --");
        assertTrue(options.contains("--as") && options.contains("--dry-run"), options.toString());
        List<String> jobs = complete("nightshift run ");
        assertTrue(jobs.contains("noop") && jobs.contains("reindex") && jobs.contains("export-static"), jobs.toString());
        List<String> withLib = complete("nightshift --lib " + Dist.unpacked().resolve("examples") + " run arch");
        assertEquals(List.of("archive-news"), withLib, "the global options before run reach nightshift jobs");
    }
}
