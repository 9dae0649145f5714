/**
 * The Job API: {@link nightshift.jobs.Job} and its {@link nightshift.jobs.JobContext}, the
 * {@link nightshift.jobs.JobRunner} that runs one job as one transaction, the {@link nightshift.jobs.JobCatalog}
 * that finds jobs, and the {@link nightshift.jobs.RunHistory} of runs. {@code nightshift.jobs.internal} may change
 * without notice.
 */
package nightshift.jobs;
