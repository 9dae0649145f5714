package nightshift.cron.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import javax.sql.DataSource;
import nightshift.cron.CronException;
import nightshift.cron.Misfire;
import nightshift.cron.Schedule;
import nightshift.cron.ScheduleEntry;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Makes the scheduler's jobs and triggers match a schedule: entries added, changed (their definition differs)
 * and removed. Nodes starting together take a PostgreSQL advisory lock around it, so they sync one after the
 * other and the later ones find nothing to do.
 */
public final class TriggerSync {
    public static final String GROUP = "nightshift";
    private static final long LOCK_KEY = 0x6e73_6372_6f6e_0001L; // "nscron" 1

    private TriggerSync() {
    }

    /** What a sync did: entries added, changed, removed and unchanged (by id). */
    public record Result(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
    }

    public static Result sync(Scheduler scheduler, DataSource dataSource, Schedule schedule) {
        try (Connection lock = dataSource.getConnection()) {
            advisory(lock, "SELECT pg_advisory_lock(?)");
            try {
                return syncLocked(scheduler, schedule);
            } finally {
                advisory(lock, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new CronException("cannot sync the schedule's triggers: the store cannot be reached (" + e.getMessage() + ")", e);
        } catch (SchedulerException e) {
            throw new CronException("cannot sync the schedule's triggers: " + e.getMessage(), e);
        }
    }

    private static void advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }

    private static Result syncLocked(Scheduler scheduler, Schedule schedule) throws SchedulerException {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Set<JobKey> wanted = new HashSet<>();
        for (ScheduleEntry entry : schedule.entries()) {
            JobKey key = JobKey.jobKey(entry.id(), GROUP);
            wanted.add(key);
            JobDetail current = scheduler.getJobDetail(key);
            if (current != null && entry.definition().equals(current.getJobDataMap().getString(FiringJob.DEFINITION))) {
                unchanged.add(entry.id());
                continue;
            }
            if (current != null) {
                scheduler.deleteJob(key);
                changed.add(entry.id());
            } else {
                added.add(entry.id());
            }
            scheduler.scheduleJob(job(entry, key), triggers(entry, key), false);
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.deleteJob(key);
                removed.add(key.getName());
            }
        }
        return new Result(added, changed, removed, unchanged);
    }

    private static JobDetail job(ScheduleEntry entry, JobKey key) {
        String description = entry.when() + " " + entry.commandLine();
        return JobBuilder.newJob(FiringJob.class).withIdentity(key)
                .withDescription(description.length() > 250 ? description.substring(0, 249) + "…" : description)
                .requestRecovery(true).storeDurably(true)
                .usingJobData(FiringJob.ENTRY, entry.id())
                .usingJobData(FiringJob.COMMAND, String.join(FiringJob.SEPARATOR, entry.command()))
                .usingJobData(FiringJob.DEFINITION, entry.definition())
                .build();
    }

    private static Set<Trigger> triggers(ScheduleEntry entry, JobKey key) {
        Set<Trigger> triggers = new LinkedHashSet<>();
        for (int i = 0; i < entry.quartz().size(); i++) {
            CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(entry.quartz().get(i))
                    .inTimeZone(TimeZone.getTimeZone(entry.zone()));
            cron = entry.misfire() == Misfire.SKIP ? cron.withMisfireHandlingInstructionDoNothing()
                    : cron.withMisfireHandlingInstructionFireAndProceed();
            // from the next whole second: a start time between seconds could itself become a (fractional) fire time
            triggers.add(TriggerBuilder.newTrigger().withIdentity(entry.id() + "#" + (i + 1), GROUP).forJob(key)
                    .startAt(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)))
                    .withSchedule(cron).build());
        }
        return triggers;
    }
}
