package nightshift.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import nightshift.store.EmbeddedStoreServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nightshift server start|stop|status}: the embedded store server on the store directory. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Start, stop or look at the embedded store server (PostgreSQL).",
            "The server of the store directory: --store-dir, NIGHTSHIFT_STORE_DIR, store.directory in the",
            "config file, else ~/.local/share/nightshift/store.",
            "It manages that directory's server even when a --store URL is configured: the URL is not used here."},
        subcommands = {ServerCommand.Start.class, ServerCommand.Stop.class, ServerCommand.Status.class})
final class ServerCommand extends CommandGroup {

    static EmbeddedStoreServer server(CommandSpec spec) {
        return EmbeddedStoreServer.at(directory(spec));
    }

    static Path directory(CommandSpec spec) {
        return Nightshift.of(spec).settings().storeDirectory;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the server (initializing the directory the first time), or attach to the running one; it keeps running after this command.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            EmbeddedStoreServer.Endpoint e = server(spec).attachOrStart();
            Nightshift root = Nightshift.of(spec);
            if (!root.quiet) {
                root.out().println("store server running on port " + e.port() + ", directory " + directory(spec));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the server (open transactions roll back, committed ones are safe). Exit 0 also when none was running.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean stopped = server(spec).stop();
            Nightshift root = Nightshift.of(spec);
            if (!root.quiet) {
                root.out().println((stopped ? "store server stopped" : "store server not running") + ", directory " + directory(spec));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the server is running, and on which port. Exit 0 either way; read the output.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<EmbeddedStoreServer.Endpoint> e = server(spec).status();
            Nightshift.of(spec).out().println(e.map(p -> "store server running on port " + p.port()).orElse("store server not running")
                    + ", directory " + directory(spec));
            return ExitCode.OK;
        }
    }
}
