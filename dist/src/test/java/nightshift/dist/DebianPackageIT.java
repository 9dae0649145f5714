package nightshift.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Debian package as dpkg-deb reads it: control fields, files with their modes, and the maintainer scripts. */
class DebianPackageIT {
    /** Path in the package (without the leading {@code .}) to its {@code dpkg-deb --contents} line. */
    private static final Map<String, String> CONTENTS = new TreeMap<>();
    private static Path control;

    @BeforeAll
    static void read() {
        assertTrue(Files.isRegularFile(Dist.DEB), "package builds " + Dist.DEB.getFileName());
        Dist.Result contents = dpkgDeb("--contents", Dist.DEB.toString());
        for (String line : contents.out().lines().toList()) {
            String path = line.substring(line.indexOf(" ./") + 2).replaceFirst(" -> .*", "");
            CONTENTS.put(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path, line);
        }
        control = Dist.freshDir("deb-control");
        dpkgDeb("--control", Dist.DEB.toString(), control.toString());
    }

    private static Dist.Result dpkgDeb(String... args) {
        Dist.Result r = Dist.run(Stream.concat(Stream.of("dpkg-deb"), Stream.of(args)).toList(), Dist.TARGET, Map.of());
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private static String field(String name) {
        return dpkgDeb("--field", Dist.DEB.toString(), name).out().strip();
    }

    private static String entry(String path) {
        String line = CONTENTS.get(path);
        assertTrue(line != null, path + " is in the package: " + CONTENTS.keySet());
        return line;
    }

    @Test
    void control_fields_name_the_package_its_debian_version_and_a_java_runtime() {
        assertEquals("nightshift", field("Package"));
        assertEquals(Dist.DEBIAN_VERSION, field("Version"));
        assertEquals("all", field("Architecture"));
        assertTrue(field("Depends").startsWith("default-jre-headless | java17-runtime-headless"), field("Depends"));
        Dist.Result info = dpkgDeb("--info", Dist.DEB.toString());
        for (String script : List.of("postinst", "prerm", "postrm", "conffiles")) {
            assertTrue(info.out().contains(" " + script), info.toString());
        }
    }

    @Test
    void installs_the_launcher_behind_usr_bin_and_the_jars_of_the_tarball() throws IOException {
        assertTrue(entry("/usr/bin/nightshift").startsWith("l") && entry("/usr/bin/nightshift").endsWith(" -> ../share/nightshift/bin/nightshift"),
                entry("/usr/bin/nightshift"));
        assertTrue(entry("/usr/share/nightshift/bin/nightshift").startsWith("-rwxr-xr-x root/root"));
        Set<String> jars = new TreeSet<>();
        CONTENTS.keySet().stream().filter(p -> p.startsWith("/usr/share/nightshift/lib/") && p.endsWith(".jar"))
                .forEach(p -> jars.add(p.substring(p.lastIndexOf('/') + 1)));
        try (Stream<Path> lib = Files.list(Dist.unpacked().resolve("lib"))) {
            assertEquals(lib.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)), jars);
        }
        entry("/usr/share/nightshift/examples/examples-" + Dist.VERSION + ".jar");
    }

    @Test
    void the_configuration_is_a_conffile_its_group_may_read() throws IOException {
        assertTrue(entry("/etc/nightshift/nightshift.properties").startsWith("-rw-r----- "), entry("/etc/nightshift/nightshift.properties"));
        assertEquals(List.of("/etc/nightshift/nightshift.properties"), Files.readAllLines(control.resolve("conffiles")));
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("chgrp nightshift /etc/nightshift/nightshift.properties"), postinst);
    }

    @Test
    void installs_gzipped_man_pages_bash_completion_and_the_unit_without_enabling_it() {
        entry("/usr/share/man/man1/nightshift.1.gz");
        entry("/usr/share/man/man1/nightshift-run.1.gz");
        entry("/usr/share/bash-completion/completions/nightshift");
        entry("/lib/systemd/system/nightshift-scheduler.service");
        assertFalse(CONTENTS.keySet().stream().anyMatch(p -> p.startsWith("/etc/systemd")), "the unit is not enabled");
        assertFalse(CONTENTS.keySet().stream().anyMatch(p -> p.startsWith("/usr/share/man/") && p.endsWith(".1")),
                "every man page is gzipped");
        entry("/usr/share/doc/nightshift/README.md");
    }

    @Test
    void the_maintainer_scripts_are_valid_sh() {
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertTrue(Files.isExecutable(file), script + " is executable");
            Dist.Result r = Dist.run(List.of("sh", "-n", file.toString()), Dist.TARGET, Map.of());
            assertEquals(0, r.code(), script + ": " + r);
        }
    }

    @Test
    void the_unit_runs_the_installed_command() throws IOException {
        Path unit = Dist.unpacked().resolve("systemd/nightshift-scheduler.service");
        List<String> exec = Files.readAllLines(unit).stream().filter(l -> l.startsWith("Exec")).toList();
        assertFalse(exec.isEmpty());
        for (String line : exec) {
            assertTrue(line.matches("Exec\\w+=/usr/bin/nightshift .*"), line);
        }
    }
}
