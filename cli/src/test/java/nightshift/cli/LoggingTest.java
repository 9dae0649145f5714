package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The console's lines: "LEVEL message" padded as %-5level pads it, warnings and up, with a logged exception's trace. */
class LoggingTest {
    @Test
    void the_console_prints_level_and_message_and_the_stack_trace_of_a_logged_exception() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Logging.configure(ctx, false, false, null);
            Logger log = ctx.getLogger("nightshift.test");
            log.info("not shown");
            log.warn("disk {} is full", "/var");
            log.error("it failed", new IllegalStateException("boom"));
        } finally {
            System.setErr(saved);
            ctx.stop();
        }
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals("WARN  disk /var is full", lines[0]);
        assertEquals("ERROR it failed", lines[1]);
        assertEquals("java.lang.IllegalStateException: boom", lines[2]);
        assertTrue(lines[3].startsWith("\tat nightshift.cli.LoggingTest."), lines[3]);
    }
}
