package nightshift.store;

/**
 * What a failure means to the process it ends: its exit status, sysexits-style, as the README's "Exit codes" lists
 * them. Each module's root exception implements it and each narrow subclass names its own code; a failure that is no
 * more specific than {@link #FAILED} leaves the code to its cause, so a process reports the first specific code along
 * the chain of causes, else {@link #FAILED}.
 */
public interface ExitStatus {
    /** The job failed (it threw, or its data made it fail); nothing more specific. */
    int FAILED = 1;
    /** Unknown command or job, malformed option, a role that does not exist or cannot be granted. */
    int USAGE = 64;
    /**
     * Bad input data: a path, type or field that does not exist, an invalid or taken name, a bad script or schedule
     * file; a store that verify found problems in; a transaction to undo that does not exist or was packed.
     */
    int DATA = 65;
    /** An input file that does not exist. */
    int NO_INPUT = 66;
    /** Unknown or disabled user. */
    int NO_USER = 67;
    /** The store cannot be reached, or the embedded server cannot be started. */
    int UNAVAILABLE = 69;
    /** An output file cannot be created or written: a log file in a directory that cannot take it. */
    int CANT_CREATE = 73;
    /**
     * Try again later: a conflict after the last retry, the job's lock is held, the run timed out; an undo refused
     * because later transactions changed the same nodes.
     */
    int TEMPORARY = 75;
    /** Permission denied. */
    int NO_PERMISSION = 77;
    /** Configuration error: settings, password file, schema missing or newer than this client. */
    int CONFIG = 78;

    /** This failure's exit status: one of the constants above. */
    int exitCode();
}
