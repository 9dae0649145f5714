package nightshift.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * One man page per command and subcommand ({@code nightshift.1}, {@code nightshift-run.1},
 * {@code nightshift-schedule-check.1}, ...): picocli's {@link ManPageGenerator} writes each as AsciiDoc, and
 * Asciidoctor's manpage converter turns it into roff, gzipped as Debian wants man pages (best compression, no name or
 * time in the header, so the same model gives the same bytes).
 */
final class ManPages {
    private ManPages() {
    }

    static void write(CommandLine model, Path adocDir, Path manDir) throws IOException {
        Files.createDirectories(adocDir);
        Files.createDirectories(manDir);
        int status = ManPageGenerator.generateManPage(adocDir.toFile(), null, new boolean[0], false, model.getCommandSpec());
        if (status != CommandLine.ExitCode.OK) {
            throw new IllegalStateException("picocli's man page generator failed with status " + status);
        }
        List<Path> pages;
        try (Stream<Path> files = Files.list(adocDir)) {
            pages = files.filter(f -> f.getFileName().toString().endsWith(".adoc")).sorted().toList();
        }
        // the footer's source: the command's version ("nightshift 0.1.0"), which the generator leaves blank on subcommands
        Attributes source = Attributes.builder().attribute("mansource", model.getCommandSpec().version()[0]).build();
        Options roff = Options.builder().backend("manpage").standalone(true).safe(SafeMode.UNSAFE).toFile(false)
                .attributes(source).build();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            for (Path page : pages) {
                String name = page.getFileName().toString().replaceFirst("\\.adoc$", "");
                String text = asciidoctor.convertFile(page.toFile(), roff, String.class);
                try (OutputStream out = new BestGzip(Files.newOutputStream(manDir.resolve(name + ".1.gz")))) {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** gzip at its best compression ({@code gzip -9n}); {@link GZIPOutputStream} writes neither a name nor a time. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
