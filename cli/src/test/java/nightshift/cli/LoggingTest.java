package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** What logback.xml makes of the options: the console's lines, -q, -v and --log-file. */
class LoggingTest {
    @TempDir
    Path dir;

    /** What {@code log} wrote to stderr, with logging configured from these options in a context of its own. */
    private static String stderr(boolean quiet, boolean verbose, Path logFile, Consumer<LoggerContext> log) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Logging.configure(ctx, quiet, verbose, logFile);
            assertEquals(Status.INFO, new StatusUtil(ctx).getHighestLevel(0), () -> ctx.getStatusManager().getCopyOfStatusList().toString());
            log.accept(ctx);
        } finally {
            System.setErr(saved);
            ctx.stop();
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void logSome(LoggerContext ctx) {
        Logger log = ctx.getLogger("nightshift.test");
        log.debug("debugging");
        log.info("not shown");
        log.warn("disk {} is full", "/var");
        log.error("it failed", new IllegalStateException("boom"));
        ctx.getLogger(Logging.FAILURES).error("command failed", new IllegalStateException("bang"));
    }

    @Test
    void the_console_prints_level_and_message_and_the_stack_trace_of_a_logged_exception() {
        String[] lines = stderr(false, false, null, LoggingTest::logSome).split("\\R");
        assertEquals("WARN  disk /var is full", lines[0]);
        assertEquals("ERROR it failed", lines[1]);
        assertEquals("java.lang.IllegalStateException: boom", lines[2]);
        assertTrue(lines[3].startsWith("\tat nightshift.cli.LoggingTest."), lines[3]);
        assertTrue(String.join("\n", lines).indexOf("bang") < 0, "failures go to the log file only");
    }

    @Test
    void quiet_prints_nothing_and_verbose_prints_debug_with_time_and_logger() {
        assertEquals("", stderr(true, false, null, LoggingTest::logSome));
        String verbose = stderr(false, true, null, LoggingTest::logSome);
        assertTrue(verbose.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d [\\d:.]+ DEBUG \\[\\] nightshift.test - debugging")), verbose);
        assertTrue(verbose.contains("INFO  [] nightshift.test - not shown"), verbose);
        assertTrue(!verbose.contains("bang"), verbose);
    }

    @Test
    void the_log_file_gets_info_and_up_and_the_failures_with_their_stack_traces() throws IOException {
        Path file = dir.resolve("nightshift.log");
        String console = stderr(true, false, file, LoggingTest::logSome);
        assertEquals("", console);
        String logged = Files.readString(file);
        assertTrue(!logged.contains("debugging") && logged.contains("INFO  [] nightshift.test - not shown"), logged);
        assertTrue(logged.contains("ERROR [] nightshift.failures - command failed")
                && logged.contains("java.lang.IllegalStateException: bang"), logged);
    }
}
