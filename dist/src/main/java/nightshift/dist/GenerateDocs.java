package nightshift.dist;

import java.io.IOException;
import java.nio.file.Path;
import nightshift.cli.CommandModel;
import picocli.CommandLine;

/**
 * Writes the man pages ({@code man/man1/*.1.gz}) and the bash completion ({@code completion/nightshift.bash}) of
 * the nightshift command under a directory, both from the model that {@code --help} prints, so that neither can
 * drift from the command. Run by the build: {@code GenerateDocs OUTPUT_DIR}.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GenerateDocs OUTPUT_DIR");
        }
        Path out = Path.of(args[0]);
        // picocli's default factory looks for Groovy's Closure class unless told not to (as the command's main does)
        System.setProperty("picocli.disable.closures", "true");
        CommandLine model = CommandModel.full();
        ManPages.write(model, out.resolve("adoc"), out.resolve("man/man1"));
        Completion.write(model, out.resolve("completion/nightshift.bash"));
    }
}
