package nightshift.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleParsingTest {
    static Stream<Arguments> table() {
        return Stream.of(
                row("UTC", "30 3 * * *", "2026-01-01T00:00:00Z",
                        "2026-01-01T03:30:00Z", "2026-01-02T03:30:00Z", "2026-01-03T03:30:00Z"),
                row("UTC", "*/15 * * * *", "2026-01-01T00:07:00Z",
                        "2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z"),
                row("UTC", "5,10-12 0 1 1 *", "2026-01-01T00:00:00Z",
                        "2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:11:00Z", "2026-01-01T00:12:00Z",
                        "2027-01-01T00:05:00Z"),
                // steps on a range, day names: 2026-01-02 is a Friday
                row("UTC", "0 9-17/4 * * mon-fri", "2026-01-02T10:00:00Z",
                        "2026-01-02T13:00:00Z", "2026-01-02T17:00:00Z", "2026-01-05T09:00:00Z"),
                // both day fields restricted: either matches (the 1st and 15th, and every Friday)
                row("UTC", "0 0 1,15 * fri", "2026-01-01T00:00:00Z",
                        "2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z",
                        "2026-01-23T00:00:00Z", "2026-01-30T00:00:00Z", "2026-02-01T00:00:00Z"),
                // day of month '*': only the day of week counts; month names
                row("UTC", "0 12 * jan,JUL sun", "2026-01-01T00:00:00Z",
                        "2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z", "2026-01-18T12:00:00Z", "2026-01-25T12:00:00Z",
                        "2026-07-05T12:00:00Z"),
                row("UTC", "0 0 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"),
                row("UTC", "0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
                row("UTC", "@hourly", "2026-01-01T00:30:00Z", "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"),
                row("UTC", "@daily", "2026-01-01T00:30:00Z", "2026-01-02T00:00:00Z"),
                row("UTC", "@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"),
                row("UTC", "@monthly", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"),
                // zones: 09:00 in Paris is 08:00Z in winter, 07:00Z in summer
                row("Europe/Paris", "0 9 * * *", "2026-01-01T00:00:00Z", "2026-01-01T08:00:00Z"),
                row("Europe/Paris", "0 9 * * *", "2026-07-01T00:00:00Z", "2026-07-01T07:00:00Z"),
                // DST: Berlin skips 02:00-03:00 on 2026-03-29; 01:30 and 03:30 local both exist, an hour apart in UTC
                row("Europe/Berlin", "30 1,3 * * *", "2026-03-28T23:00:00Z",
                        "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T23:30:00Z"),
                // a local time that does not exist (02:30 on the spring-forward day) does not fire; one that happens twice
                // (autumn) fires once, at its second occurrence (Quartz's rule; Vixie cron fires at the first)
                row("Europe/Berlin", "30 2 * * *", "2026-03-28T00:00:00Z",
                        "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"),
                row("Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00Z",
                        "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z"),
                row("Europe/Berlin", "0 * * * *", "2026-03-28T23:30:00Z",
                        "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
    }

    private static Arguments row(String zone, String when, String after, String... expected) {
        return Arguments.of(zone, when, after, Arrays.asList(expected));
    }

    @ParameterizedTest(name = "[{0}] {1} after {2}")
    @MethodSource("table")
    void crontab_expressions_fire_when_crontab_would(String zone, String when, String after, List<String> expected) {
        Schedule s = Schedule.parse("test", "TZ=" + zone + "\n" + when + " run reindex --as editor\n");
        ScheduleEntry e = s.entries().get(0);
        List<String> times = e.nextFireTimes(Instant.parse(after), expected.size()).stream().map(Instant::toString).toList();
        assertEquals(expected, times, "quartz: " + e.quartz());
    }

    @Test
    void both_day_fields_restricted_become_two_quartz_expressions() {
        ScheduleEntry e = Schedule.parse("test", "0 0 1,15 * fri run reindex --as editor").entries().get(0);
        assertEquals(List.of("0 0 0 1,15 * ?", "0 0 0 ? * FRI"), e.quartz());
    }

    @Test
    void an_entry_with_options_keeps_its_id_misfire_policy_and_arguments() {
        Schedule s = Schedule.parse("test", """
                # nightly jobs

                TZ=Europe/Paris
                [id=nightly-pack misfire=skip] 0 4 * * sun  nightshift run pack --as admin --note "two words"
                @daily /opt/nightshift/bin/nightshift script /etc/nightshift/Fix.java --as admin -- 'a b'
                """);
        ScheduleEntry pack = s.entries().get(0);
        assertEquals("nightly-pack", pack.id());
        assertEquals(4, pack.line());
        assertEquals(Misfire.SKIP, pack.misfire());
        assertEquals("Europe/Paris", pack.zone().getId());
        assertEquals(List.of("run", "pack", "--as", "admin", "--note", "two words"), pack.command());
        ScheduleEntry fix = s.entries().get(1);
        assertEquals(Misfire.RUN_ONCE, fix.misfire());
        assertTrue(fix.id().startsWith("Fix.java-"), fix.id());
        assertEquals(List.of("script", "/etc/nightshift/Fix.java", "--as", "admin", "--", "a b"), fix.command());
        assertEquals(fix.id(), Schedule.parse("again", "@daily script /etc/nightshift/Fix.java --as admin -- 'a b'")
                .entries().get(0).id(), "the default id is stable");
    }

    @Test
    void a_comment_may_follow_a_zone_or_an_entry_where_a_word_starts_but_not_inside_an_argument() {
        Schedule s = Schedule.parse("comments.cron", """
                TZ=Europe/Paris   # time zone of the entries below
                [id=tagged] 0 3 * * *   run retag --as editor --tag '#news' --note a#b --also \\#x   # nightly
                @hourly run noop --as monitor #no space needed after the hash
                """);
        assertEquals("Europe/Paris", s.entries().get(0).zone().getId());
        assertEquals(List.of("run", "retag", "--as", "editor", "--tag", "#news", "--note", "a#b", "--also", "#x"),
                s.entries().get(0).command());
        assertEquals(List.of("run", "noop", "--as", "monitor"), s.entries().get(1).command());
    }

    @Test
    void the_example_schedule_parses() {
        Schedule s = Schedule.read(java.nio.file.Path.of("crontab.example"));
        assertEquals(List.of("health", "nightly-news", "weekly-reindex"), s.entries().stream().limit(3).map(ScheduleEntry::id).toList());
        assertEquals(2, s.entries().get(2).quartz().size(), "the 1st of the month or Sundays");
        assertEquals(Misfire.SKIP, s.entries().get(2).misfire());
    }

    @Test
    void every_bad_line_is_reported_with_its_number() {
        ScheduleException e = assertThrows(ScheduleException.class, () -> Schedule.parse("bad.cron", """
                # fine
                0 3 * * * run reindex --as editor
                61 3 * * * run reindex --as editor
                @reboot run reindex --as editor
                0 3 * * run reindex --as editor
                TZ=Mars/Olympus
                0 3 * foo * run reindex --as editor
                0 3 * * * reindex --as editor
                0 3 * * * run reindex
                [id=x misfire=sometimes] 0 3 * * * run reindex --as editor
                0 3 * * * run reindex --as editor > /tmp/log
                0 3 */2 * mon run reindex --as editor
                [id=twice] 0 3 * * * run a --as editor
                [id=twice] 0 4 * * * run b --as editor
                MAILTO=root
                5-1 * * * * run reindex --as editor
                """));
        List<String> errors = e.errors().stream().map(Object::toString).toList();
        String[] expected = {
            "bad.cron:3: minute 61 is out of range 0-59",
            "bad.cron:4: @reboot is not supported",
            "bad.cron:5: ",
            "bad.cron:6: unknown time zone 'Mars/Olympus'",
            "bad.cron:7: 'foo' is not a valid month",
            "bad.cron:8: the command must be `run` or `script`",
            "bad.cron:9: the command needs `--as USER`",
            "bad.cron:10: misfire must be run-once or skip",
            "bad.cron:11: '>' is shell syntax",
            "bad.cron:12: day of month '*/2' and day of week 'mon' together",
            "bad.cron:14: the id twice is already used on line 13",
            "bad.cron:15: only TZ=Zone/Name may be set",
            "bad.cron:16: range goes backwards in minute '5-1'"};
        assertEquals(expected.length, errors.size(), String.join("\n", errors));
        for (int i = 0; i < expected.length; i++) {
            assertTrue(errors.get(i).startsWith(expected[i]), errors.get(i) + " should start with " + expected[i]);
        }
    }
}
