package nightshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging for one command: to stderr (nothing under {@code -q}, warnings by default, debug with {@code -v}) and,
 * with {@code --log-file}, everything from INFO up to that file, including the stack trace of a failure.
 */
final class Logging {
    /** Failures with their stack traces: to the log file only (and to the terminal with -v, by the CLI itself). */
    static final String FAILURES = "nightshift.failures";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%X{job:-}%X{runId:+ }%X{runId:-}] %logger{24} - %msg%n";

    private Logging() {
    }

    static void configure(boolean quiet, boolean verbose, Path logFile) {
        LoggerContext ctx = context();
        ctx.reset();
        configure(ctx, quiet, verbose, logFile);
    }

    static void configure(LoggerContext ctx, boolean quiet, boolean verbose, Path logFile) {
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        Logger failures = ctx.getLogger(FAILURES);
        failures.setAdditive(false);
        failures.setLevel(Level.ERROR);
        if (!quiet) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(ctx);
            console.setName("stderr");
            console.setTarget("System.err");
            console.setEncoder(verbose ? encoder(ctx, PATTERN) : levelAndMessage(ctx));
            ThresholdFilterWithLevel filter = new ThresholdFilterWithLevel(verbose ? Level.DEBUG : Level.WARN);
            filter.start();
            console.addFilter(filter);
            console.start();
            root.addAppender(console);
            if (verbose) {
                ctx.getLogger("nightshift").setLevel(Level.DEBUG);
            }
        }
        if (logFile != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setName("file");
            file.setFile(logFile.toString());
            file.setAppend(true);
            file.setEncoder(encoder(ctx, PATTERN));
            file.start();
            root.addAppender(file);
            failures.addAppender(file);
        }
        for (String noisy : new String[] {"com.zaxxer.hikari", "org.flywaydb", "org.quartz"}) {
            ctx.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    /**
     * The scheduler's activity (each firing: entry, job, node, outcome) on stderr at INFO as well, with a time
     * stamp, unless quiet: a scheduler is a service whose console is its log (journald). WARN and above already go
     * to the console.
     */
    static void schedulerActivity(boolean quiet) {
        if (quiet) {
            return;
        }
        LoggerContext ctx = context();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("scheduler");
        console.setTarget("System.err");
        console.setEncoder(encoder(ctx, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n"));
        ch.qos.logback.core.filter.Filter<ILoggingEvent> infoOnly = new ch.qos.logback.core.filter.Filter<>() {
            @Override
            public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent event) {
                return event.getLevel() == Level.INFO ? ch.qos.logback.core.spi.FilterReply.NEUTRAL
                        : ch.qos.logback.core.spi.FilterReply.DENY;
            }
        };
        infoOnly.start();
        console.addFilter(infoOnly);
        console.start();
        ctx.getLogger("nightshift.scheduler").addAppender(console);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    /**
     * "%-5level %msg%n" and the stack trace, as a pattern layout prints them, without parsing a pattern: every run
     * configures this console twice (at start-up, and from its options), and the pattern's parser and converters
     * would be a noticeable part of a cron run's start.
     */
    private static LayoutWrappingEncoder<ILoggingEvent> levelAndMessage(LoggerContext ctx) {
        LayoutBase<ILoggingEvent> layout = new LayoutBase<>() {
            @Override
            public String doLayout(ILoggingEvent event) {
                StringBuilder line = new StringBuilder(80);
                line.append(event.getLevel());
                while (line.length() < 5) {
                    line.append(' ');
                }
                line.append(' ').append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
                IThrowableProxy thrown = event.getThrowableProxy();
                if (thrown != null) {
                    line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
                }
                return line.toString();
            }
        };
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** Logback's ThresholdFilter takes its level as a string; this one is typed. */
    private static final class ThresholdFilterWithLevel extends ch.qos.logback.core.filter.Filter<ILoggingEvent> {
        private final Level level;

        ThresholdFilterWithLevel(Level level) {
            this.level = level;
        }

        @Override
        public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent event) {
            return event.getLevel().isGreaterOrEqual(level) ? ch.qos.logback.core.spi.FilterReply.NEUTRAL
                    : ch.qos.logback.core.spi.FilterReply.DENY;
        }
    }
}
