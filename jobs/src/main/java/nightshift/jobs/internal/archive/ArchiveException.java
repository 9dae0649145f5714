package nightshift.jobs.internal.archive;

import nightshift.jobs.JobException;

/** An object that cannot be written to the archive (a field type with no JSON form). */
public class ArchiveException extends JobException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
