package nightshift.jobs;

/** Verify found problems in the store: the message summarises them, each was logged. The command exits 65. */
public class StoreProblemsException extends JobException {
    public StoreProblemsException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
