package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** What {@link Cli#tree} knows without asking picocli must match what picocli would say. */
class CliTreeTest {
    @Test
    void subcommand_names_are_those_of_their_command_annotations() {
        Nightshift.SUBCOMMANDS.forEach((name, type) -> assertEquals(type.getAnnotation(Command.class).name(), name));
    }

    @Test
    void valued_options_are_the_global_options_that_take_a_value() {
        CommandLine cl = new CommandLine(new Nightshift(Map.of(), Path.of(".")));
        Set<String> valued = new TreeSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.arity().max() > 0) {
                valued.addAll(Set.of(o.names()));
            }
        }
        assertEquals(valued, new TreeSet<>(Nightshift.VALUED_OPTIONS));
    }
}
