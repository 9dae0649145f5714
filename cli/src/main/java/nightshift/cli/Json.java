package nightshift.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import nightshift.jobs.RunRecord;

/** Run records as JSON for {@code history --json}: an array with one run a line, {@code "name": value, ...}. */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final DefaultPrettyPrinter ONE_RUN_A_LINE = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEntrySpacing(Separators.Spacing.AFTER)
            .withArrayEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(null);

    private Json() {
    }

    static String runs(List<RunRecord> runs) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(ONE_RUN_A_LINE.createInstance());
            g.writeStartArray();
            for (RunRecord r : runs) {
                g.writeStartObject();
                g.writeStringField("runId", r.runId());
                g.writeStringField("job", r.jobName());
                g.writeStringField("status", r.status().name());
                g.writeBooleanField("dryRun", r.dryRun());
                g.writeStringField("user", r.storeUser());
                g.writeStringField("parameters", r.parameters());
                g.writeStringField("startedBy", r.startedBy());
                g.writeStringField("host", r.host());
                g.writeNumberField("pid", r.pid());
                g.writeStringField("startedAt", text(r.startedAt()));
                g.writeStringField("finishedAt", text(r.finishedAt()));
                g.writeNumberField("attempts", r.attempts());
                if (r.tid().isPresent()) {
                    g.writeNumberField("tid", r.tid().getAsLong());
                } else {
                    g.writeNullField("tid");
                }
                g.writeNumberField("created", r.created());
                g.writeNumberField("modified", r.modified());
                g.writeNumberField("deleted", r.deleted());
                g.writeNumberField("progressDone", r.progressDone());
                g.writeNumberField("progressTotal", r.progressTotal());
                g.writeStringField("error", r.error());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
