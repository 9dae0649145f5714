package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import org.junit.jupiter.api.Test;

/** `nightshift history` through the real entry point. */
class HistoryCommandTest {
    @Test
    void a_running_job_off_a_terminal_shows_its_progress_in_history_while_it_runs() throws Exception {
        CliHarness cli = CliHarness.forNewDatabase("history-progress");
        Store.migrate(cli.config());
        try (Store store = Store.open(cli.config())) {
            PrincipalDirectory.of(store).addUser("editor", "Editor");
            PrincipalDirectory.of(store).grant("editor", Role.EDITOR);
            try (Session s = store.openSession()) {
                s.create(s.root(), "site", Folder.titled("site"));
                s.commit(TxInfo.system("setup"));
            }
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // the tests have no terminal, as cron has none; the run lasts a few sampling intervals
            Future<CliHarness.Result> run = pool.submit(() -> cli.run("run", "sleep", "--as", "editor", "--millis", "8000"));
            boolean seen = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!run.isDone() && !seen && System.nanoTime() < deadline) {
                CliHarness.Result history = cli.run("history", "--job", "sleep", "--status", "running");
                assertEquals(ExitCode.OK, history.code(), history.toString());
                seen = history.out().matches("(?s).*RUNNING .*\\d+/\\d+ \\(\\d+%\\).*");
            }
            assertTrue(seen, "history never showed the run's progress while it ran");
            assertEquals(ExitCode.OK, run.get().code(), run.get().toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
