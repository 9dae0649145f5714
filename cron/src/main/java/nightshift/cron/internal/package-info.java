/** May change without notice: the crontab field translation and the Quartz plumbing of the scheduler. */
package nightshift.cron.internal;
