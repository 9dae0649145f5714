package nightshift.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * The whole {@code nightshift} command as picocli models it, every subcommand added: the model {@code --help} prints,
 * and the one the distribution's man pages and shell completion are generated from at build time, so they cannot
 * drift from it. (An invocation adds only the subcommand its command line names, see {@link Cli#tree}.)
 */
public final class CommandModel {
    private CommandModel() {
    }

    /** The root command with all its subcommands; nothing is opened or run. */
    public static CommandLine full() {
        return Cli.tree(new Nightshift(Map.of(), Path.of(System.getProperty("user.home"))), new String[0]);
    }
}
