package nightshift.cli;

import java.time.Instant;
import java.util.List;
import nightshift.jobs.RunRecord;

/** Run records as JSON, written by hand: a handful of flat fields does not need a JSON library. */
final class Json {
    private Json() {
    }

    static String runs(List<RunRecord> runs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            b.append(i == 0 ? "\n  {" : ",\n  {");
            field(b, "runId", r.runId()).append(", ");
            field(b, "job", r.jobName()).append(", ");
            field(b, "status", r.status().name()).append(", ");
            b.append("\"dryRun\": ").append(r.dryRun()).append(", ");
            field(b, "user", r.storeUser()).append(", ");
            field(b, "parameters", r.parameters()).append(", ");
            field(b, "startedBy", r.startedBy()).append(", ");
            field(b, "host", r.host()).append(", ");
            b.append("\"pid\": ").append(r.pid()).append(", ");
            field(b, "startedAt", text(r.startedAt())).append(", ");
            field(b, "finishedAt", text(r.finishedAt())).append(", ");
            b.append("\"attempts\": ").append(r.attempts()).append(", ");
            b.append("\"tid\": ").append(r.tid().isPresent() ? String.valueOf(r.tid().getAsLong()) : "null").append(", ");
            b.append("\"created\": ").append(r.created()).append(", ");
            b.append("\"modified\": ").append(r.modified()).append(", ");
            b.append("\"deleted\": ").append(r.deleted()).append(", ");
            b.append("\"progressDone\": ").append(r.progressDone()).append(", ");
            b.append("\"progressTotal\": ").append(r.progressTotal()).append(", ");
            field(b, "error", r.error());
            b.append('}');
        }
        return b.append(runs.isEmpty() ? "]" : "\n]").toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\": ");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
