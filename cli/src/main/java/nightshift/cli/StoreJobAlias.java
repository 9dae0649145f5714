package nightshift.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code nightshift store JOB ...} as a shortcut for {@code nightshift run JOB --as system ...}: the housekeeping
 * jobs with the same options, records, locks and exit codes as any run; {@code --as USER} runs them as a user
 * instead. The invocation is rewritten and run again, so the two forms cannot drift apart.
 */
abstract class StoreJobAlias implements Callable<Integer> {
    @Unmatched
    List<String> rest = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Nightshift root = Nightshift.of(spec);
        String name = spec.name();
        List<String> args = new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs());
        int at = -1;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("store") && args.get(i + 1).equals(name)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new BadUsageException("could not find `store " + name + "` in the command line; use `nightshift run "
                    + name + " --as system ...` instead");
        }
        args.set(at, "run");
        boolean user = args.stream().anyMatch(a -> a.equals("--as") || a.startsWith("--as="));
        if (!user) {
            args.add(at + 2, "--as");
            args.add(at + 3, nightshift.store.TxInfo.SYSTEM_USER);
        }
        return Cli.execute(args.toArray(String[]::new), root.env(), root.home(), root.out(), root.err());
    }
}
