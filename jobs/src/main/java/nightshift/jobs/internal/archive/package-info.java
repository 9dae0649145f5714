/**
 * The system-neutral archive of a subtree ({@code export} / {@code import}): one JSON object per line, a header
 * line first. {@link nightshift.jobs.internal.archive.ArchiveWriter} streams a subtree out,
 * {@link nightshift.jobs.internal.archive.ArchiveReader} validates and recreates one; objects become JSON and back
 * through {@link nightshift.jobs.internal.archive.JsonValues}. May change without notice.
 */
package nightshift.jobs.internal.archive;
