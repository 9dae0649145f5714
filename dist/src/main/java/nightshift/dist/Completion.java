package nightshift.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bash completion script (which zsh loads too, through bashcompinit): picocli's {@link AutoComplete} script for
 * every command, subcommand and option, followed by {@code job-names.bash}, which completes the job after {@code run}
 * with the names {@code nightshift jobs} lists, and is told which global options take a value from the same model.
 */
final class Completion {
    private Completion() {
    }

    static void write(CommandLine model, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, AutoComplete.bash("nightshift", model) + jobNames(model));
    }

    private static String jobNames(CommandLine model) throws IOException {
        List<String> valued = new ArrayList<>();
        for (OptionSpec option : model.getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                valued.addAll(List.of(option.names()));
            }
        }
        try (InputStream in = Completion.class.getResourceAsStream("job-names.bash")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@VALUED_OPTIONS@", String.join(" ", valued));
        }
    }
}
