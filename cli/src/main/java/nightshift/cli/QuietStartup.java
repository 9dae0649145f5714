package nightshift.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, found through ServiceLoader: warnings to stderr until the command applies its
 * own (from -q, -v and --log-file). Done in code rather than logback.xml: parsing XML costs a cron run every
 * minute a few hundred milliseconds and five hundred classes. The {@code nightshift} command itself skips logback's
 * search and applies the same configuration through {@link LoggingProvider}; JVMs that only load nightshift (tests,
 * the benchmark harness) come here.
 */
public final class QuietStartup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.configure(context, false, false, null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
