package nightshift.cli;

import java.nio.file.NoSuchFileException;
import nightshift.store.ExitStatus;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of {@code nightshift}, sysexits-style ({@link ExitStatus} defines them), and which failure gets
 * which: each of nightshift's exceptions knows its own; the few foreign ones the command meets are mapped here.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** The job failed (it threw, or its data made it fail). */
    public static final int JOB_FAILED = ExitStatus.FAILED;
    /** Unknown command or job, malformed option. */
    public static final int USAGE = ExitStatus.USAGE;
    /**
     * Bad input data: a path, type or field that does not exist, an invalid or taken name, a bad script; a store
     * that verify found problems in; a transaction to undo that does not exist or was packed.
     */
    public static final int DATA = ExitStatus.DATA;
    /** An input file that does not exist. */
    public static final int NO_INPUT = ExitStatus.NO_INPUT;
    /** Unknown or disabled user. */
    public static final int NO_USER = ExitStatus.NO_USER;
    /** The store cannot be reached. */
    public static final int UNAVAILABLE = ExitStatus.UNAVAILABLE;
    /** An output file cannot be created or written (the log file). */
    public static final int CANT_CREATE = ExitStatus.CANT_CREATE;
    /**
     * Try again later: a conflict after the last retry, the job's lock is held, the run timed out; an undo refused
     * because later transactions changed the same nodes.
     */
    public static final int TEMPORARY = ExitStatus.TEMPORARY;
    /** Permission denied. */
    public static final int NO_PERMISSION = ExitStatus.NO_PERMISSION;
    /** Configuration error: settings, password file, schema missing or newer than this client. */
    public static final int CONFIG = ExitStatus.CONFIG;

    private ExitCode() {
    }

    /** The first specific exit code along the failure's chain of causes; {@link #JOB_FAILED} when none is. */
    public static int of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            int code = direct(c);
            if (code != JOB_FAILED) {
                return code;
            }
        }
        return JOB_FAILED;
    }

    private static int direct(Throwable t) {
        if (t instanceof ExitStatus status) {
            return status.exitCode();
        }
        if (t instanceof ParameterException) {
            return USAGE;
        }
        if (t instanceof NoSuchFileException) {
            return NO_INPUT;
        }
        return JOB_FAILED;
    }
}
