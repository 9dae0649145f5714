package nightshift.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tarball as a user gets it: unpacked with tar, its launcher run as a real process from other directories and
 * through symlinks, against an embedded store in a home of its own.
 */
class TarballIT {
    private static Path install;
    private static Path home;
    private static Map<String, String> env;

    @BeforeAll
    static void unpack() {
        install = Dist.unpacked();
        home = Dist.freshDir("tarball-home");
        env = Dist.userEnvironment(home);
    }

    @AfterAll
    static void stopTheStoreServer() {
        Dist.run(List.of(launcher().toString(), "-q", "server", "stop"), home, env);
    }

    private static Path launcher() {
        return install.resolve("bin/nightshift");
    }

    private static Dist.Result nightshift(Path dir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        return Dist.run(command, dir, environment);
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    @Test
    void the_tarball_holds_the_launcher_settings_man_pages_completion_unit_examples_and_readme() {
        assertTrue(Files.isExecutable(launcher()), "bin/nightshift is executable");
        for (String file : List.of("conf/nightshift.properties", "man/man1/nightshift.1.gz", "man/man1/nightshift-run.1.gz",
                "completion/nightshift.bash", "systemd/nightshift-scheduler.service", "examples/crontab", "examples/schedule",
                "examples/examples-" + Dist.VERSION + ".jar", "README", "doc/README.md", "doc/CHANGELOG.md")) {
            assertTrue(Files.isRegularFile(install.resolve(file)), file);
        }
    }

    @Test
    void lib_holds_the_cli_jar_and_every_jar_it_runs_with_and_nothing_else() throws IOException {
        Path cli = Path.of(System.getProperty("nightshift.cli.target"));
        Set<String> expected = names(cli.resolve("lib"));
        expected.add("cli-" + Dist.VERSION + ".jar");
        assertEquals(expected, names(install.resolve("lib")), "the source tree's launcher's class path");
    }

    @Test
    void the_settings_file_shows_every_key_the_command_reads() throws IOException {
        String settings = Files.readString(Path.of(System.getProperty("nightshift.settings.source")));
        Matcher keys = Pattern.compile("getProperty\\(\"([^\"]+)\"").matcher(settings);
        String conf = Files.readString(install.resolve("conf/nightshift.properties"));
        int found = 0;
        while (keys.find()) {
            found++;
            assertTrue(Pattern.compile("(?m)^#" + Pattern.quote(keys.group(1)) + "=").matcher(conf).find(),
                    keys.group(1) + " is shown, commented out, in conf/nightshift.properties");
        }
        assertTrue(found >= 6, "Settings.java reads its keys with getProperty(\"...\")");
        assertFalse(Pattern.compile("(?m)^[a-z]").matcher(conf).find(), "every setting is commented out: the defaults hold");
    }

    @Test
    void prints_its_version_when_called_from_another_directory() {
        Dist.Result r = nightshift(Dist.freshDir("elsewhere"), env, "--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("nightshift "), r.toString());
    }

    @Test
    void nightshift_java_opts_replace_the_launcher_s_jvm_options() {
        Map<String, String> own = new HashMap<>(env);
        own.put("NIGHTSHIFT_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Dist.Result r = nightshift(home, own, "--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("-XX:+PrintCommandLineFlags"), r.toString());
        assertFalse(r.out().contains("TieredStopAtLevel"), r.toString());
    }

    @Test
    void runs_a_job_on_an_embedded_store_and_keeps_its_start_up_archive_in_the_user_s_cache() throws IOException {
        List<String> before = Dist.listing(install);
        Dist.Result init = nightshift(home, env, "-q", "init");
        assertEquals(0, init.code(), init.toString());

        Dist.Result run = nightshift(Dist.freshDir("run-elsewhere"), env, "run", "noop", "--as", "admin");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("run ") && run.out().contains("noop"), run.toString());
        Path cache = home.resolve(".cache/nightshift");
        List<Path> archives;
        try (Stream<Path> files = Files.list(cache)) {
            archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), "one archive, recorded by the first run: " + names(cache));
        assertEquals(before, Dist.listing(install), "nothing is written into the installation");

        // the next run starts from the archive: the command's classes come from it
        Map<String, String> logged = new HashMap<>(env);
        Path loads = home.resolve("class-load.log");
        logged.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + loads);
        Dist.Result again = nightshift(home, logged, "-q", "run", "noop", "--as", "admin");
        assertEquals(0, again.code(), again.toString());
        assertTrue(Files.readAllLines(loads).stream().anyMatch(l -> l.contains("nightshift.cli.Nightshift source: shared objects file")),
                "nightshift.cli.Nightshift is loaded from the archive");
    }

    @Test
    void runs_without_an_archive_when_the_cache_cannot_be_written() throws IOException {
        Map<String, String> noCache = new HashMap<>(env);
        Path file = Files.writeString(home.resolve("not-a-directory"), "");
        noCache.put("XDG_CACHE_HOME", file.resolve("cache").toString());
        assertEquals(0, nightshift(home, noCache, "-q", "init").code());
        Dist.Result run = nightshift(home, noCache, "-q", "run", "noop", "--as", "admin");
        assertEquals(0, run.code(), run.toString());
        assertEquals("", run.out() + run.err(), "-q: silent on success");
    }

    @Test
    void checks_a_schedule_through_a_symlink_on_the_path_from_an_unrelated_directory() throws IOException {
        Path bin = Dist.freshDir("path-bin");
        // relative, as Debian's /usr/bin/nightshift is, and through a second link
        Files.createSymbolicLink(bin.resolve("nightshift-real"), bin.relativize(launcher()));
        Files.createSymbolicLink(bin.resolve("nightshift"), Path.of("nightshift-real"));
        Path work = Dist.freshDir("schedule-elsewhere");
        Path schedule = Files.writeString(work.resolve("schedule"), "[id=health] */5 * * * * run noop --as admin\n");
        Map<String, String> onPath = new HashMap<>(env);
        onPath.put("PATH", bin + ":" + System.getenv("PATH"));
        Dist.Result r = Dist.run(List.of("sh", "-c", "cd / && nightshift schedule check \"$0\"", schedule.toString()), work, onPath);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("1 entry, no errors") || r.out().contains("1 entries, no errors"), r.toString());
    }
}
