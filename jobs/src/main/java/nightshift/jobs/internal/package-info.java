/** The runner's implementation: run records, locks, backoff, progress. May change without notice. */
package nightshift.jobs.internal;
