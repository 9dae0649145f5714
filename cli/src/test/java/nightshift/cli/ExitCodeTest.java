package nightshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nightshift.jobs.JobException;
import nightshift.jobs.LockHeldException;
import nightshift.security.NoSuchUserException;
import nightshift.store.StoreException;
import nightshift.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodeTest {
    @Test
    void a_failure_exits_with_its_own_code() {
        assertEquals(ExitCode.TEMPORARY, ExitCode.of(new LockHeldException("reindex")));
        assertEquals(ExitCode.NO_USER, ExitCode.of(new NoSuchUserException("bob", "no such user", List.of("admin"))));
        assertEquals(ExitCode.DATA, ExitCode.of(new BadInputException("line 3: no such field")));
    }

    @Test
    void a_failure_no_more_specific_than_job_failed_exits_with_the_first_specific_code_among_its_causes() {
        StoreUnavailableException down = new StoreUnavailableException("connection refused", null);
        assertEquals(ExitCode.UNAVAILABLE, ExitCode.of(new JobException("the run failed", new StoreException("read", down))));
        assertEquals(ExitCode.JOB_FAILED, ExitCode.of(new JobException("the run failed", new IllegalStateException("bug"))));
        assertEquals(ExitCode.JOB_FAILED, ExitCode.of(new RuntimeException()));
    }

    @Test
    void foreign_failures_exit_with_their_documented_codes() {
        assertEquals(ExitCode.NO_INPUT, ExitCode.of(new UncheckedIOException(new NoSuchFileException("news.csv"))));
        CommandLine cl = new CommandLine(new Nightshift(Map.of(), Path.of(".")));
        assertEquals(ExitCode.USAGE, ExitCode.of(new CommandLine.ParameterException(cl, "unknown option --frobnicate")));
    }
}
