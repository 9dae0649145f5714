package nightshift.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.Progress;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.content.Folder;
import nightshift.store.content.NewsItem;
import picocli.CommandLine.Option;

/**
 * Moves news items published more than {@code --days} days ago from a news folder into a folder per year below
 * {@code --archive} (created as needed): a custom job written only against the public API.
 */
@JobInfo(name = "archive-news", summary = "move news items older than N days into a yearly archive folder")
public class ArchiveNewsJob implements Job {
    @Option(names = "--news", paramLabel = "PATH", defaultValue = "/site/news", description = "the news folder (default: ${DEFAULT-VALUE})")
    String news;

    @Option(names = "--archive", paramLabel = "PATH", defaultValue = "/site/archive",
            description = "the archive folder; items go into ARCHIVE/YEAR (default: ${DEFAULT-VALUE})")
    String archive;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "age in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--now", paramLabel = "INSTANT", hidden = true, description = "the moment age is measured from (default: now; for tests)")
    Instant now;

    @Override
    public void run(JobContext ctx) {
        if (days < 0) {
            throw new IllegalArgumentException("--days must not be negative, was " + days);
        }
        SecureSession s = ctx.session();
        Instant cutoff = (now != null ? now : Instant.now()).minus(Duration.ofDays(days));
        Node archiveFolder = s.get(archive);
        List<Node> old = s.children(s.get(news))
                .filter(n -> n.is(NewsItem.class))
                .filter(n -> published(n) != null && published(n).isBefore(cutoff))
                .toList();
        Progress progress = ctx.progress(old.size());
        for (Node item : old) {
            String year = String.valueOf(published(item).atZone(ZoneOffset.UTC).getYear());
            String yearPath = archiveFolder.path() + "/" + year;
            Node yearFolder = s.exists(yearPath) ? s.get(yearPath) : s.create(archiveFolder, year, Folder.titled(year));
            s.move(item, yearFolder, item.name());
            progress.step();
        }
        ctx.note("archived " + old.size() + " news items published before " + cutoff);
    }

    private static Instant published(Node n) {
        return n.object(NewsItem.class).published();
    }
}
