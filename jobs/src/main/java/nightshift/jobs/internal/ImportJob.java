package nightshift.jobs.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.NoSuchInputException;
import nightshift.jobs.Progress;
import nightshift.jobs.internal.archive.ArchiveReader;
import nightshift.jobs.internal.archive.LocalRoleWrites;
import nightshift.security.Permission;
import nightshift.security.PrincipalDirectory;
import nightshift.security.SecureSession;
import nightshift.store.Node;
import nightshift.store.Store;
import picocli.CommandLine.Option;

/**
 * Recreates an archive written by {@code export} at a path, in the run's one transaction: every line is checked
 * (JSON, format version, types registered here, fields that convert, each node after its parent, valid names,
 * known principals) and the first bad one fails the run with nothing imported. Nodes keep their recorded owners and
 * local roles, so it needs Manage where it imports. A node already at the target (or, importing into {@code /}, at a
 * top-level name) is refused unless {@code --replace}, which deletes it and its subtree first.
 */
@JobInfo(name = "import", summary = "recreate an export archive's subtree at a path, in one transaction (owners, local roles)")
public final class ImportJob implements Job {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "the archive (.jsonl) written by export")
    Path in;

    @Option(names = "--into", required = true, paramLabel = "PATH",
            description = "where the archive's root goes: a new path (its parent must exist), or / to import below the root")
    String into;

    @Option(names = "--replace", description = "delete a node already at the target (and everything below it) instead of refusing")
    boolean replace;

    @Override
    public void run(JobContext ctx) {
        SecureSession s = ctx.session();
        if (!Files.isRegularFile(in)) {
            throw new NoSuchInputException("the archive", in, "--in", "give the file `export --out` wrote");
        }
        if (!into.startsWith("/") || (into.length() > 1 && into.endsWith("/"))) {
            throw new BadParameterException("--into", "--into takes an absolute path such as /site, not '" + into + "'");
        }
        int slash = into.lastIndexOf('/');
        Node where = s.get(slash == 0 ? "/" : into.substring(0, slash));
        s.policy().check(s.context(), Permission.MANAGE, where);
        Store store = RunContext.of(ctx).storeCatalog().store();
        LocalRoleWrites roles = new LocalRoleWrites();
        RunContext.of(ctx).onCommit(roles);
        Progress progress = ctx.progress(0);
        String file = in.getFileName() == null ? in.toString() : in.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            long count = new ArchiveReader(s, store.types(), PrincipalDirectory.of(store), roles, progress::step)
                    .read(reader, file, new ArchiveReader.Target(into, replace));
            ctx.note("imported " + count + " nodes from " + file + " into " + into);
            ctx.log().info("imported {} nodes from {} into {}", count, in, into);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + in + ": " + e, e);
        }
    }
}
