package nightshift.jobs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.Progress;
import nightshift.jobs.JobInfo;
import nightshift.jobs.internal.archive.ArchiveWriter;
import nightshift.security.Permission;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import picocli.CommandLine.Option;

/**
 * Writes a subtree to a system-neutral archive: a JSON Lines file with a header (format version, root, the types
 * that appear with their fields) and one line per node (path relative to the root, type, owner, local roles, dates
 * and fields), depth-first by name. Needs Manage on the subtree's root, and then reads all of it (not only what the
 * user may View: an archive with silent holes would be a poor backup). Writes nothing to the store.
 */
@JobInfo(name = "export", summary = "write a subtree to a JSON Lines archive (owners, local roles, fields), for import elsewhere")
public final class ExportJob implements Job {
    @Option(names = "--path", defaultValue = "/", paramLabel = "PATH", description = "the subtree to export (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the archive to write (.jsonl); replaced only when complete")
    Path out;

    @Override
    public void run(JobContext ctx) {
        SecureSession s = ctx.session();
        Node root = s.get(path);
        s.policy().check(s.context(), Permission.MANAGE, root);
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadParameterException("--out", "no directory " + dir + " to write " + out.getFileName()
                    + " in; create it first or choose another --out");
        }
        Store store = RunContext.of(ctx).storeCatalog().store();
        Progress progress = ctx.progress(0);
        try (Session all = store.openSession()) {
            Path target = ctx.dryRun() ? Files.createTempFile(dir, ".dry-run-", ".jsonl") : out;
            long count;
            try {
                count = new ArchiveWriter(all, store, progress::step).write(all.get(root.path()), target);
            } finally {
                if (ctx.dryRun()) {
                    Files.deleteIfExists(target);
                }
            }
            String what = count + " nodes of " + root.path() + " to " + out;
            ctx.note(ctx.dryRun() ? "dry run: would export " + what : "exported " + what);
            ctx.log().info("exported {}", what);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting " + path + " to " + out + ": " + e, e);
        }
    }
}
