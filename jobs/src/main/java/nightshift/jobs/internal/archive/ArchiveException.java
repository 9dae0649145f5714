package nightshift.jobs.internal.archive;

import nightshift.jobs.JobException;

/**
 * An object that cannot be written to the archive (a field type with no JSON form). The archive's own: callers see a
 * {@link JobException}.
 */
final class ArchiveException extends JobException {
    ArchiveException(String message) {
        super(message);
    }

    ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
