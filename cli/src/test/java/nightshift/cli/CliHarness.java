package nightshift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nightshift.store.StoreConfig;
import nightshift.store.testing.TestServer;

/**
 * Runs {@code nightshift} in process against a fresh test database, with an empty environment and a temporary home
 * directory (so no real configuration is read), and captures what it prints and its exit code.
 */
public final class CliHarness {
    private final StoreConfig config;
    private final String[] storeArgs;
    private final Path home;

    private CliHarness(StoreConfig config, String[] storeArgs, Path home) {
        this.config = config;
        this.storeArgs = storeArgs;
        this.home = home;
    }

    /** What one invocation printed, and its exit code. */
    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** A harness whose {@link #run} points at a new, empty database (no schema yet: run {@code init} first). */
    public static CliHarness forNewDatabase(String hint) {
        TestServer server = TestServer.get();
        StoreConfig config = server.newDatabase(hint).build();
        List<String> args = new ArrayList<>(List.of("--store", config.url()));
        if (config.user() != null) {
            args.addAll(List.of("--store-user", config.user()));
        }
        if (server.passwordFile() != null) {
            args.addAll(List.of("--store-password-file", server.passwordFile().toString()));
        }
        return new CliHarness(config, args.toArray(new String[0]), newHome());
    }

    /** A harness with no store options: for commands that need none, or that name their own. */
    public static CliHarness withoutStore() {
        return new CliHarness(null, new String[0], newHome());
    }

    private static Path newHome() {
        try {
            return Files.createTempDirectory("nightshift-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test database's configuration (null for {@link #withoutStore()}). */
    public StoreConfig config() {
        return config;
    }

    /** The test database's configuration, with the types of {@code loader}'s jars registered (an application's). */
    public StoreConfig config(ClassLoader loader) {
        String url = config.url();
        return TestServer.get().config(url.substring(url.lastIndexOf('/') + 1)).classLoader(loader).build();
    }

    /** The options that point the command at the test database: {@code --store URL --store-user U --store-password-file F}. */
    public String[] storeArgs() {
        return storeArgs.clone();
    }

    /** The temporary home directory the command runs with. */
    public Path home() {
        return home;
    }

    /** {@code nightshift <store options> args...}. */
    public Result run(String... args) {
        return run(Map.of(), args);
    }

    /** {@code nightshift <store options> args...} with this environment. */
    public Result run(Map<String, String> env, String... args) {
        String[] all = new String[storeArgs.length + args.length];
        System.arraycopy(storeArgs, 0, all, 0, storeArgs.length);
        System.arraycopy(args, 0, all, storeArgs.length, args.length);
        return runExactly(env, all);
    }

    /** {@code nightshift args...}, without the store options. */
    public Result runExactly(String... args) {
        return runExactly(Map.of(), args);
    }

    /** {@code nightshift args...} with this environment, without the store options. */
    public Result runExactly(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, env, home, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
