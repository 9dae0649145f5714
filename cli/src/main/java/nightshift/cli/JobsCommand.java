package nightshift.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import nightshift.jobs.JobDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nightshift jobs}: the jobs that can be run by name, one line each. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs that can be run by name, one line each.")
final class JobsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        PrintWriter out = root.out();
        int width = root.catalog().jobs().stream().mapToInt(j -> j.name().length()).max().orElse(4);
        for (JobDescriptor job : root.catalog().jobs()) {
            out.printf("%-" + width + "s  %s%n", job.name(), job.summary());
        }
        return ExitCode.OK;
    }
}
