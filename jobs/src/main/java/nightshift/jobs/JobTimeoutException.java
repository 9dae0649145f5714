package nightshift.jobs;

import java.time.Duration;

/** The run took longer than its timeout and was aborted; nothing was committed. */
public class JobTimeoutException extends JobException {
    public JobTimeoutException(String job, Duration timeout) {
        super("job '" + job + "' did not finish within " + timeout + "; it was aborted and nothing was committed");
    }

    @Override
    public int exitCode() {
        return TEMPORARY;
    }
}
