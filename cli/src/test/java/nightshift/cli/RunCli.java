package nightshift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nightshift.store.StoreConfig;
import nightshift.store.testing.TestServer;

/** Runs the real CLI entry point in process against one test database, capturing exit code, stdout and stderr. */
final class RunCli {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private final StoreConfig config;
    private final Path home;

    RunCli(StoreConfig config) {
        this.config = config;
        try {
            this.home = Files.createTempDirectory("nightshift-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StoreConfig config() {
        return config;
    }

    Path home() {
        return home;
    }

    /** The global options that point the CLI at this test database. */
    List<String> storeArgs() {
        List<String> args = new ArrayList<>(List.of("--store", config.url(), "--store-user", config.user()));
        Path pw = TestServer.get().passwordFile();
        if (pw != null) {
            args.addAll(List.of("--store-password-file", pw.toString()));
        }
        return args;
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(storeArgs());
        all.addAll(Arrays.asList(args));
        return raw(all.toArray(String[]::new));
    }

    /** Without the store options: for tests of configuration itself. */
    Result raw(String... args) {
        return raw(Map.of(), args);
    }

    Result raw(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, env, home, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
