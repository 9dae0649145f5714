/**
 * Internal: the parts of the {@code create} job (value conversion, object building, the JSONL and CSV readers).
 * May change without notice.
 */
package nightshift.jobs.internal.create;
