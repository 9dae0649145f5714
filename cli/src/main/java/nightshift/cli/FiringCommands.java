package nightshift.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nightshift.cron.CronException;
import nightshift.cron.Firing;
import nightshift.cron.FiringHandler;
import nightshift.jobs.RunResult;
import nightshift.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a firing's command ({@code run JOB ...} or {@code script FILE ...}) in the scheduler's process exactly as
 * {@code nightshift} would parse it, on the scheduler's store, with the firing's run id and "started by".
 */
final class FiringCommands implements FiringHandler {
    private static final Logger LOG = LoggerFactory.getLogger("nightshift.scheduler");
    private final Map<String, String> env;
    private final Path home;
    private final Store store;
    private final List<String> globalOptions;

    /** @param globalOptions the scheduler's own options that a firing keeps ({@code --lib}, {@code --config}) */
    FiringCommands(Map<String, String> env, Path home, Store store, List<String> globalOptions) {
        this.env = env;
        this.home = home;
        this.store = store;
        this.globalOptions = List.copyOf(globalOptions);
    }

    @Override
    public RunResult run(Firing firing) {
        List<String> args = new ArrayList<>(globalOptions);
        args.add("-q");
        args.addAll(firing.command());
        AtomicReference<RunResult> result = new AtomicReference<>();
        Nightshift root = Nightshift.forFiring(env, home, store,
                request -> request.toBuilder().runId(firing.runId()).startedBy(firing.startedBy()).build(), result::set);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(root, args.toArray(String[]::new), env, home, new PrintWriter(out), new PrintWriter(err));
        if (!out.toString().isBlank()) {
            LOG.info("{}: {}", firing.runId(), out.toString().strip());
        }
        if (result.get() == null) {
            throw new CronException("entry " + firing.entryId() + ": `" + String.join(" ", firing.command())
                    + "` did not start (exit " + code + "): " + err.toString().strip());
        }
        return result.get();
    }
}
