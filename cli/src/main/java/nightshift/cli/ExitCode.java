package nightshift.cli;

import java.nio.file.NoSuchFileException;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.InvalidJobException;
import nightshift.jobs.JobTimeoutException;
import nightshift.jobs.LockHeldException;
import nightshift.jobs.NoSuchJobException;
import nightshift.jobs.StoreProblemsException;
import nightshift.security.AccessDeniedException;
import nightshift.security.NoSuchUserException;
import nightshift.security.UserDisabledException;
import nightshift.store.ConflictException;
import nightshift.store.EmbeddedServerException;
import nightshift.store.InvalidNameException;
import nightshift.store.NameTakenException;
import nightshift.store.NoSuchNodeException;
import nightshift.store.NoSuchTransactionException;
import nightshift.store.SchemaException;
import nightshift.store.StoreConfigException;
import nightshift.store.StoreUnavailableException;
import nightshift.store.UndoRefusedException;
import nightshift.store.UnreadableStateException;
import nightshift.store.UnregisteredTypeException;
import nightshift.store.WrongTypeException;
import picocli.CommandLine.ParameterException;

/** The exit codes of {@code nightshift}, sysexits-style, and which failure gets which. */
public final class ExitCode {
    public static final int OK = 0;
    /** The job failed (it threw, or its data made it fail). */
    public static final int JOB_FAILED = 1;
    /** Unknown command or job, malformed option. */
    public static final int USAGE = 64;
    /**
     * Bad input data: a path, type or field that does not exist, an invalid or taken name, a bad script; a store
     * that verify found problems in; a transaction to undo that does not exist or was packed.
     */
    public static final int DATA = 65;
    /** An input file that does not exist. */
    public static final int NO_INPUT = 66;
    /** Unknown or disabled user. */
    public static final int NO_USER = 67;
    /** The store cannot be reached. */
    public static final int UNAVAILABLE = 69;
    /**
     * Try again later: a conflict after the last retry, the job's lock is held, the run timed out; an undo refused
     * because later transactions changed the same nodes.
     */
    public static final int TEMPORARY = 75;
    /** Permission denied. */
    public static final int NO_PERMISSION = 77;
    /** Configuration error: settings, password file, schema missing or newer than this client. */
    public static final int CONFIG = 78;

    private ExitCode() {
    }

    /** The exit code for a failure; {@link #JOB_FAILED} for anything not listed. */
    public static int of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            Integer code = direct(c);
            if (code != null) {
                return code;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return JOB_FAILED;
    }

    private static Integer direct(Throwable t) {
        if (t instanceof ParameterException || t instanceof NoSuchJobException || t instanceof InvalidJobException
                || t instanceof BadUsageException) {
            return USAGE;
        }
        if (t instanceof InvalidNameException || t instanceof NoSuchNodeException || t instanceof WrongTypeException
                || t instanceof NameTakenException || t instanceof UnregisteredTypeException
                || t instanceof UnreadableStateException || t instanceof BadInputException
                || t instanceof BadParameterException || t instanceof NoSuchTransactionException
                || t instanceof StoreProblemsException) {
            return DATA;
        }
        if (t instanceof NoSuchFileException || t instanceof MissingInputException) {
            return NO_INPUT;
        }
        if (t instanceof NoSuchUserException || t instanceof UserDisabledException) {
            return NO_USER;
        }
        if (t instanceof StoreUnavailableException || t instanceof EmbeddedServerException) {
            return UNAVAILABLE;
        }
        if (t instanceof ConflictException || t instanceof LockHeldException || t instanceof JobTimeoutException
                || t instanceof UndoRefusedException) {
            return TEMPORARY;
        }
        if (t instanceof AccessDeniedException) {
            return NO_PERMISSION;
        }
        if (t instanceof StoreConfigException || t instanceof SchemaException || t instanceof ConfigException) {
            return CONFIG;
        }
        return null;
    }
}
