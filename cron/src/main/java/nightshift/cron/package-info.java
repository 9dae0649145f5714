/**
 * Schedules in crontab syntax, run by a clustered Quartz scheduler on the store's PostgreSQL.
 *
 * <p>API: {@link nightshift.cron.Schedule} (a parsed schedule file), {@link nightshift.cron.ScheduleEntry},
 * {@link nightshift.cron.ClusteredScheduler} (one node of the cluster), {@link nightshift.cron.Firing} and
 * {@link nightshift.cron.FiringHandler} (what one firing runs), {@link nightshift.cron.ScheduleStatus} (what
 * {@code nightshift schedule list} shows). {@code nightshift.cron.internal} may change without notice: the
 * crontab field translation and the Quartz plumbing.
 */
package nightshift.cron;
