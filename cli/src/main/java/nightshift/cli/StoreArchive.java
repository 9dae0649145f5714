package nightshift.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nightshift.jobs.JobParameters;
import nightshift.jobs.RunRequest;
import nightshift.store.TxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift store export|import}: shortcuts for {@code run export} and {@code run import}, as the system
 * principal unless {@code --as} names a user. They run the same jobs through the same runner (lock, run record,
 * one transaction, exit codes).
 */
final class StoreArchive {
    private StoreArchive() {
    }

    static int run(CommandSpec spec, String job, String user, List<String> args) {
        Nightshift root = Nightshift.of(spec);
        String as = user == null ? TxInfo.SYSTEM_USER : user;
        RunRequest request = JobParameters.request(root.catalog().find(job), as, args.toArray(new String[0]))
                .withStartedBy("cli");
        return Cli.report(root, root.run(request), false);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a subtree to a JSON Lines archive (`run export` as system, or --as USER).",
                "One line per node: path, type, owner, local roles, dates, fields; a header with the types first."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--path", defaultValue = "/", paramLabel = "PATH", description = "the subtree (default: ${DEFAULT-VALUE})")
        String path;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the archive to write; replaced only when complete")
        Path out;

        @Option(names = "--as", paramLabel = "USER", description = "run as this user (needs Manage on PATH) instead of system")
        String user;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "export", user, List.of("--path", path, "--out", out.toString()));
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Recreate an archive's subtree at a path in one transaction (`run import` as system, or --as USER).",
                "All or nothing: the first bad line fails it (exit 65) and nothing is imported."})
    static final class Import implements Callable<Integer> {
        @Option(names = "--in", required = true, paramLabel = "FILE", description = "the archive written by export")
        Path in;

        @Option(names = "--into", required = true, paramLabel = "PATH", description = "where the archive's root goes (a new path, or /)")
        String into;

        @Option(names = "--replace", description = "delete a node already at the target (with its subtree) instead of refusing")
        boolean replace;

        @Option(names = "--as", paramLabel = "USER", description = "run as this user (needs Manage there) instead of system")
        String user;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of("--in", in.toString(), "--into", into));
            if (replace) {
                args.add("--replace");
            }
            return run(spec, "import", user, args);
        }
    }
}
