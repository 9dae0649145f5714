package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import nightshift.jobs.RunRecord;
import nightshift.jobs.RunStatus;
import org.junit.jupiter.api.Test;

/** The text of {@code history --json}: its layout, its escaping and its nulls, which scripts read. */
class JsonTest {
    private static RunRecord run(String runId, String parameters, String error, OptionalLong tid, Instant finishedAt) {
        return new RunRecord(runId, "clean-up", "lock", parameters, "ed\"i\\tor", "os", "host-1", 4242L, null, true,
                RunStatus.FAILED, Instant.parse("2026-01-02T03:04:05Z"), finishedAt, 2, tid, 3, -4, 0,
                9_000_000_000L, 10_000_000_000L, null, error, "stack");
    }

    @Test
    void no_runs_are_an_empty_array() {
        assertEquals("[]", Json.runs(List.of()));
    }

    @Test
    void runs_are_one_object_a_line_with_quotes_backslashes_line_breaks_and_control_characters_escaped() {
        String json = Json.runs(List.of(
                run("r1", "--path /site\n\tcaf\u00e9 \u65e5\u672c \ud83d\ude00", "bad \"value\"\r\n\\ \u0001\u001f end",
                        OptionalLong.of(17), Instant.parse("2026-01-02T03:04:06.5Z")),
                run("r2", null, null, OptionalLong.empty(), null)));
        assertEquals("[\n"
                + "  {\"runId\": \"r1\", \"job\": \"clean-up\", \"status\": \"FAILED\", \"dryRun\": true,"
                + " \"user\": \"ed\\\"i\\\\tor\", \"parameters\": \"--path /site\\n\\tcaf\u00e9 \u65e5\u672c \ud83d\ude00\","
                + " \"startedBy\": null, \"host\": \"host-1\", \"pid\": 4242, \"startedAt\": \"2026-01-02T03:04:05Z\","
                + " \"finishedAt\": \"2026-01-02T03:04:06.500Z\", \"attempts\": 2, \"tid\": 17, \"created\": 3,"
                + " \"modified\": -4, \"deleted\": 0, \"progressDone\": 9000000000, \"progressTotal\": 10000000000,"
                + " \"error\": \"bad \\\"value\\\"\\r\\n\\\\ \\u0001\\u001F end\"},\n"
                + "  {\"runId\": \"r2\", \"job\": \"clean-up\", \"status\": \"FAILED\", \"dryRun\": true,"
                + " \"user\": \"ed\\\"i\\\\tor\", \"parameters\": null, \"startedBy\": null, \"host\": \"host-1\","
                + " \"pid\": 4242, \"startedAt\": \"2026-01-02T03:04:05Z\", \"finishedAt\": null, \"attempts\": 2,"
                + " \"tid\": null, \"created\": 3, \"modified\": -4, \"deleted\": 0, \"progressDone\": 9000000000,"
                + " \"progressTotal\": 10000000000, \"error\": null}\n"
                + "]", json);
    }
}
