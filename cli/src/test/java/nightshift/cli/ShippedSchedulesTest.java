package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every schedule the project ships, and the README's, passes {@code nightshift schedule check}, run as a user runs
 * it: from the checkout's root (where relative script paths and {@code --lib examples/target} point), with the
 * examples jar loaded as the README says.
 */
class ShippedSchedulesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void examplesJarIsBuilt() {
        ExamplesJar.directory();
    }

    @Test
    void the_readme_schedule_example_passes_schedule_check() throws IOException {
        String readme = Files.readString(CliProcess.ROOT.resolve("README.md"));
        int section = readme.indexOf("### The schedule file");
        assertTrue(section >= 0, "the README has a section on the schedule file");
        int start = readme.indexOf("```\n", section) + 4;
        String block = readme.substring(start, readme.indexOf("```", start));
        assertTrue(block.contains("TZ="), "the block read is the example schedule: " + block);
        check(Files.writeString(dir.resolve("readme.cron"), block), 4);
    }

    @Test
    void the_shipped_schedule_example_passes_schedule_check() {
        check(CliProcess.ROOT.resolve("cron/crontab.example"), 4);
    }

    /**
     * {@code examples/crontab} is a crontab for cron, not a schedule: its nightshift lines, moved to a schedule as
     * the README's "Moving from a crontab" says (the time fields, then the command from {@code run} on), must pass,
     * with the examples jar its {@code NIGHTSHIFT_LIB} loads, and only with it (archive-news is in it).
     */
    @Test
    void the_nightshift_runs_of_the_example_crontab_pass_schedule_check_with_the_examples_jar() throws IOException {
        List<String> lines = Files.readAllLines(CliProcess.ROOT.resolve("examples/crontab"));
        assertTrue(lines.contains("NIGHTSHIFT_LIB=/usr/share/nightshift/examples"),
                "the crontab loads the installed examples jar, which its archive-news needs");
        Path schedule = Files.write(dir.resolve("crontab.cron"), runs(lines));
        check(schedule, 5);
        CliHarness.Result without = CliProcess.run(CliProcess.ROOT, Map.of("HOME", dir.toString()),
                "schedule", "check", schedule.toString());
        assertEquals(ExitCode.DATA, without.code(), without.toString());
        assertTrue(without.err().contains("archive-news"), without.toString());
    }

    /** The README's crontab ("From cron"), its nightshift runs moved to a schedule as above. */
    @Test
    void the_nightshift_runs_of_the_readme_crontab_pass_schedule_check() throws IOException {
        String readme = Files.readString(CliProcess.ROOT.resolve("README.md"));
        int section = readme.indexOf("## From cron");
        int start = readme.indexOf("```\n", section) + 4;
        List<String> lines = readme.substring(start, readme.indexOf("```", start)).lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("--lib /usr/share/nightshift/examples") && l.contains("run create-news")),
                "the README's crontab loads the installed examples jar for create-news: " + lines);
        check(Files.write(dir.resolve("readme-crontab.cron"), runs(lines)), 2);
    }

    /**
     * The crontab lines that run a job with the installed command, each as a schedule entry: its time fields and the
     * command from run on (the examples jar comes from the check's own {@code --lib}).
     */
    private static List<String> runs(List<String> crontab) {
        Pattern entry = Pattern.compile("((?:\\S+\\s+){5})nightshift .*?\\b(run .*)");
        List<String> schedule = new ArrayList<>();
        for (String line : crontab) {
            Matcher m = entry.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                schedule.add(m.group(1) + m.group(2));
            }
        }
        return schedule;
    }

    private static void check(Path schedule, int entries) {
        CliHarness.Result r = CliProcess.run(CliProcess.ROOT, Map.of("HOME", dir.toString()),
                "--lib", "examples/target", "schedule", "check", schedule.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains(entries + " entries, no errors"), r.toString());
    }
}
