package nightshift.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package's maintainer scripts, run as dpkg runs them, against stand-ins for the commands that change the host
 * (adduser, deluser, chgrp, systemctl, rmdir, ...), each of which only records how it was called: installing the
 * package for real would add a user to the machine the build runs on. {@code getent} answers what the test says the
 * user database holds.
 */
class MaintainerScriptsIT {
    private static final List<String> STAND_INS = List.of("getent", "adduser", "addgroup", "useradd", "deluser", "delgroup",
            "userdel", "groupdel", "chgrp", "chown", "chmod", "dpkg-statoverride", "systemctl", "deb-systemd-invoke",
            "deb-systemd-helper", "rm", "rmdir", "mkdir");
    /** The passwd line of the user the postinst adds, as adduser writes it. */
    private static final String ADDED = "nightshift:x:102:105:nightshift jobs and scheduler,,,:/var/lib/nightshift:/usr/sbin/nologin";
    private static Path control;

    @BeforeAll
    static void extract() {
        control = Dist.freshDir("deb-scripts");
        Dist.Result r = Dist.run(List.of("dpkg-deb", "--control", Dist.DEB.toString(), control.toString()), Dist.TARGET, Map.of());
        assertEquals(0, r.code(), r.toString());
    }

    /** Runs a maintainer script with these arguments; returns the calls of the stand-ins, one a line. */
    private static List<String> run(String script, String passwd, String... args) throws IOException {
        Path dir = Dist.freshDir("stand-ins-" + script + "-" + String.join("-", args) + "-" + (passwd.isEmpty() ? "none" : "user"));
        Path log = dir.resolve("calls");
        Files.writeString(log, "");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : STAND_INS) {
            String body = "#!/bin/sh\necho \"" + name + " $*\" >> \"" + log + "\"\n";
            if (name.equals("getent")) {
                body += "[ \"$1\" = passwd ] && [ -n \"$NIGHTSHIFT_TEST_PASSWD\" ] && { echo \"$NIGHTSHIFT_TEST_PASSWD\"; exit 0; }\n"
                        + "[ \"$1\" = group ] && [ -n \"$NIGHTSHIFT_TEST_PASSWD\" ] && { echo nightshift:x:108:; exit 0; }\nexit 2\n";
            } else if (name.equals("dpkg-statoverride")) {
                body += "exit 1\n"; // no override
            }
            Path file = Files.writeString(bin.resolve(name), body);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-e", control.resolve(script).toString()));
        command.addAll(List.of(args));
        Dist.Result r = Dist.run(command, dir, Map.of("PATH", bin + ":/usr/bin:/bin", "NIGHTSHIFT_TEST_PASSWD", passwd));
        assertEquals(0, r.code(), script + " " + String.join(" ", args) + ": " + r);
        return Files.readAllLines(log).stream().filter(l -> !l.startsWith("getent ")).toList();
    }

    @Test
    void configure_adds_the_system_user_when_there_is_none() throws IOException {
        List<String> calls = run("postinst", "", "configure", "");
        assertTrue(calls.contains("adduser --system --group --home /var/lib/nightshift --gecos nightshift jobs and scheduler --quiet nightshift"),
                calls.toString());
    }

    @Test
    void configure_gives_the_group_nightshift_the_configuration_and_keeps_an_existing_user() throws IOException {
        List<String> calls = run("postinst", ADDED, "configure", "0.1.0");
        assertEquals(List.of("dpkg-statoverride --list /etc/nightshift/nightshift.properties",
                "chgrp nightshift /etc/nightshift/nightshift.properties", "chmod 640 /etc/nightshift/nightshift.properties"),
                calls.stream().filter(c -> !c.startsWith("systemctl ")).toList());
    }

    @Test
    void purge_removes_the_user_the_postinst_added_and_only_empty_directories() throws IOException {
        List<String> calls = run("postrm", ADDED, "purge");
        assertTrue(calls.contains("deluser --system --quiet nightshift"), calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("rm ")), "nothing is removed with rm: " + calls);
        assertTrue(calls.stream().filter(c -> c.startsWith("rmdir ")).allMatch(c -> !c.contains("-p") && !c.contains("--ignore")),
                calls.toString());
    }

    @Test
    void purge_leaves_a_user_of_that_name_the_postinst_did_not_add() throws IOException {
        List<String> calls = run("postrm", "nightshift:x:1001:1001:Night Shift:/home/nightshift:/bin/bash", "purge");
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("deluser") || c.startsWith("delgroup") || c.startsWith("userdel")),
                calls.toString());
    }

    @Test
    void remove_without_purge_keeps_the_user() throws IOException {
        List<String> calls = run("postrm", ADDED, "remove");
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("deluser") || c.startsWith("rmdir")), calls.toString());
    }
}
