package nightshift.jobs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.NoSuchInputException;
import nightshift.jobs.Progress;
import nightshift.jobs.internal.export.SiteWriter;
import nightshift.jobs.internal.export.Templates;
import nightshift.jobs.internal.export.TreeSwap;
import nightshift.store.Node;
import picocli.CommandLine.Option;

/**
 * Renders every node of a subtree the run's user may view to static HTML plus a sitemap, written beside the output
 * directory and swapped in when complete (the old tree kept as {@code DIR.previous}). Writes nothing to the store.
 */
@JobInfo(name = "export-static", summary = "render a subtree to static HTML and a sitemap, swapped in atomically")
public final class ExportStaticJob implements Job {
    @Option(names = "--path", defaultValue = "/", paramLabel = "PATH", description = "the subtree to export (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the output directory, replaced as a whole; the old one is kept as DIR.previous")
    Path out;

    @Option(names = "--templates", paramLabel = "DIR", description = "templates (TYPE.mustache, default.mustache) that replace the shipped ones")
    Path templates;

    @Option(names = "--base-url", defaultValue = "http://localhost/", paramLabel = "URL", description = "the site's address, for sitemap.xml (default: ${DEFAULT-VALUE})")
    String baseUrl;

    @Override
    public void run(JobContext ctx) {
        Node root = ctx.session().get(path);
        try {
            if (templates != null && !Files.isDirectory(templates)) {
                throw new NoSuchInputException("the template directory", templates, "--templates",
                        "give a directory of TYPE.mustache files, or leave the option out for the shipped templates");
            }
            Progress progress = ctx.progress(0);
            TreeSwap swap = TreeSwap.beside(out, ctx.runId());
            long pages;
            try (SiteWriter site = new SiteWriter(ctx.session(), RunContext.of(ctx).storeCatalog(), new Templates(templates),
                    swap.staging(), root.path(), baseUrl, progress::step)) {
                pages = site.writeAll(root);
            } catch (IOException | RuntimeException e) {
                swap.discard();
                throw e;
            }
            if (ctx.dryRun()) {
                swap.discard();
                ctx.note("dry run: would export " + pages + " pages of " + root.path() + " to " + out);
                return;
            }
            swap.swap();
            ctx.note("exported " + pages + " pages of " + root.path() + " to " + out);
            ctx.log().info("exported {} pages of {} to {}", pages, root.path(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting " + path + " to " + out + ": " + e, e);
        }
    }
}
