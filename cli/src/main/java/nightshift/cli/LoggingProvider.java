package nightshift.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * slf4j's binding to logback for the {@code nightshift} command, named by {@link Nightshift#main} (the
 * {@code slf4j.provider} property) rather than found: logback's own provider, found by scanning every jar, runs
 * logback's auto-configuration, which scans them again for configurators, reads both logback jars' version files
 * and builds a status report, before {@link QuietStartup} configures anything: work a cron run's main thread pays
 * for at every start. This one creates logback's context and gives it the same first configuration. Other JVMs that
 * load nightshift (tests, the benchmark harness) find logback's provider and {@link QuietStartup}.
 */
public final class LoggingProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        Logging.configure(context, false, false, null);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
