package nightshift.cron;

import java.time.Instant;
import java.util.List;

/**
 * One firing of an entry, as the handler sees it: run {@code command} with this run id and {@code startedBy}.
 *
 * @param runId       derived from the entry and the scheduled time ({@code nightly-pack@2026-01-04T04:00:00Z}, then
 *                    {@code /2}, {@code /3} when a recovered firing runs again after an abandoned attempt)
 * @param scheduledAt when the entry was due (for a recovered firing: when the original firing was due)
 * @param recovering  whether another node started this firing and died (Quartz recovery)
 */
public record Firing(String entryId, List<String> command, String runId, Instant scheduledAt, Instant firedAt,
        String node, boolean recovering) {
    public Firing {
        command = List.copyOf(command);
    }

    /** What the run record's "started by" says: {@code scheduler:<node>}. */
    public String startedBy() {
        return "scheduler:" + node;
    }

    /** The prefix of the run ids of every attempt of this firing: {@code <entry>@<scheduled time>}. */
    public static String key(String entryId, Instant scheduledAt) {
        return entryId + "@" + scheduledAt;
    }
}
