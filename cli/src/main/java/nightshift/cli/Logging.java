package nightshift.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Logging for one command, as {@code logback.xml} declares it: to stderr (nothing under {@code -q}, warnings by
 * default, debug with {@code -v}) and, with {@code --log-file}, everything from INFO up to that file, including the
 * stack trace of a failure. Logback configures itself from the file with its defaults; once the options are known,
 * the file is loaded again with the properties they set.
 */
final class Logging {
    /** Failures with their stack traces: to the log file only (and to the terminal with -v, by the CLI itself). */
    static final String FAILURES = "nightshift.failures";
    /** {@code quiet} or {@code verbose}; else warnings on stderr. */
    static final String CONSOLE = "nightshift.console";
    static final String LOG_FILE = "nightshift.logFile";
    /** {@code true}: the scheduler's activity on stderr too. */
    static final String SCHEDULER = "nightshift.scheduler";

    private Logging() {
    }

    static void configure(boolean quiet, boolean verbose, Path logFile) {
        if (logFile != null) {
            checkWritable(logFile);
        }
        configure(context(), quiet, verbose, logFile);
    }

    /**
     * Refuses a log file that cannot be appended to, before anything runs: logback would only note it in its status
     * and log nowhere, and a failure's stack trace would be lost. Creates the missing directories, as logback does.
     */
    static void checkWritable(Path logFile) {
        Path parent = logFile.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new UnwritableOutputException("cannot write the log file " + logFile + " (" + reason(logFile, parent, e)
                    + "); give --log-file a file in a directory this user may write to", e);
        }
    }

    private static String reason(Path logFile, Path parent, IOException e) {
        if (Files.isDirectory(logFile)) {
            return "it is a directory";
        }
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return p + " is not a directory";
            }
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.toString();
    }

    static void configure(LoggerContext ctx, boolean quiet, boolean verbose, Path logFile) {
        Map<String, String> properties = new java.util.HashMap<>();
        if (quiet) {
            properties.put(CONSOLE, "quiet");
        } else if (verbose) {
            properties.put(CONSOLE, "verbose");
        }
        if (logFile != null) {
            properties.put(LOG_FILE, logFile.toString());
        }
        load(ctx, properties);
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
        Map<String, String> properties = ctx.getCopyOfPropertyMap();
        properties.put(SCHEDULER, "true");
        load(ctx, properties);
    }

    /** Replaces the configuration of {@code ctx} with {@code logback.xml}'s under these properties. */
    private static void load(LoggerContext ctx, Map<String, String> properties) {
        ctx.reset();
        properties.forEach(ctx::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        try {
            configurator.doConfigure(configuration());
        } catch (JoranException e) {
            throw new IllegalStateException("cannot load logback.xml: " + e.getMessage(), e);
        }
    }

    /** This module's {@code logback.xml}, wherever the class path puts it: another jar may have one too. */
    private static URL configuration() {
        String own = Logging.class.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL url : Collections.list(Logging.class.getClassLoader().getResources("logback.xml"))) {
                if (url.toString().contains(own)) {
                    return url;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path for logback.xml", e);
        }
        throw new IllegalStateException("logback.xml is missing from " + own);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
