package nightshift.jobs.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.jobs.BadParameterException;
import nightshift.jobs.Job;
import nightshift.jobs.JobContext;
import nightshift.jobs.JobInfo;
import nightshift.jobs.NoSuchInputException;
import nightshift.jobs.Progress;
import nightshift.jobs.internal.create.ObjectFactory;
import nightshift.jobs.internal.create.Rows;
import nightshift.security.SecureSession;
import nightshift.store.InvalidNameException;
import nightshift.store.NameTakenException;
import nightshift.store.Node;
import nightshift.store.TypeRegistry;
import nightshift.store.catalog.CatalogBatch;
import nightshift.store.content.Folder;
import picocli.CommandLine.Option;

/**
 * Creates objects in a folder as the run's user (who owns them), and indexes them in the same transaction so they
 * are searchable as soon as they are committed: one from {@code --type}, {@code --name} and {@code --set}, or one
 * per line of a JSONL or CSV file with {@code --from}, all in one transaction.
 */
@JobInfo(name = "create", summary = "create one object (--type, --name, --set) or one per line of a JSONL/CSV file (--from)")
public final class CreateJob implements Job {
    @Option(names = "--in", required = true, paramLabel = "PATH", description = "the folder to create in")
    String in;

    @Option(names = "--type", paramLabel = "TYPE", description = "a registered type, by simple or full class name")
    String type;

    @Option(names = "--name", paramLabel = "NAME", description = "the new node's name")
    String name;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "a field's value (repeatable); FIELD=@FILE reads the value from a file, "
            + "FIELD=@@TEXT means the text @TEXT")
    List<String> sets = new ArrayList<>();

    @Option(names = "--from", paramLabel = "FILE", description = "a .jsonl or .csv file: one object per line, with type, name and fields")
    Path from;

    @Override
    public void run(JobContext ctx) {
        SecureSession s = ctx.session();
        TypeRegistry registry = RunContext.of(ctx).storeCatalog().store().types();
        Node folder = s.get(in);
        Instant now = Instant.now();
        if (from != null) {
            if (type != null || name != null || !sets.isEmpty()) {
                throw new BadParameterException("--from", "--from reads type, name and fields from the file; "
                        + "leave out --type, --name and --set");
            }
            bulk(ctx, s, registry, folder, now);
            return;
        }
        if (type == null || name == null) {
            throw new BadParameterException(type == null ? "--type" : "--name",
                    "give --type and --name (and --set for fields), or --from FILE");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new BadParameterException("--set", "--set takes FIELD=VALUE, not '" + set + "'");
            }
            values.put(set.substring(0, eq), value(set.substring(eq + 1)));
        }
        Node node = create(s, ctx.catalog().batch(), registry, folder, type, name, values, now);
        ctx.note("created " + node.path());
    }

    private void bulk(JobContext ctx, SecureSession s, TypeRegistry registry, Node folder, Instant now) {
        Progress progress = ctx.progress(0);
        CatalogBatch batch = ctx.catalog().batch();
        String file = from.getFileName() == null ? from.toString() : from.getFileName().toString();
        if (!Files.isRegularFile(from)) {
            throw new NoSuchInputException("the input file", from, "--from", "give a .jsonl or .csv file of objects");
        }
        try (BufferedReader reader = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
            Rows rows = Rows.forFile(file, reader);
            if (rows == null) {
                throw new BadParameterException("--from", "--from takes a .jsonl (or .ndjson) or .csv file, not " + file);
            }
            long count = 0;
            while (true) {
                Map<String, Object> row;
                try {
                    row = rows.next();
                    if (row == null) {
                        break;
                    }
                    Object rowType = row.remove("type");
                    Object rowName = row.remove("name");
                    if (!(rowType instanceof String t) || t.isBlank()) {
                        throw new BadParameterException("type", "no 'type'");
                    }
                    if (!(rowName instanceof String n) || n.isBlank()) {
                        throw new BadParameterException("name", "no 'name'");
                    }
                    create(s, batch, registry, folder, t, n, row, now);
                } catch (BadParameterException | InvalidNameException | NameTakenException e) {
                    throw new BadParameterException(file + ":" + rows.line(), file + " line " + rows.line() + ": "
                            + e.getMessage() + "; nothing was created", e);
                }
                count++;
                progress.step();
            }
            ctx.note("created " + count + " objects in " + folder.path() + " from " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + from + ": " + e, e);
        }
    }

    private static Node create(SecureSession s, CatalogBatch batch, TypeRegistry registry, Node folder, String typeName,
            String name, Map<String, Object> values, Instant now) {
        Class<?> cls = TypeNames.resolve(registry, typeName);
        if (folder.object() instanceof Folder f && !f.allows(cls)) {
            throw new BadParameterException("type", folder.path() + " does not allow " + cls.getSimpleName()
                    + "; it allows only " + String.join(", ", f.allowedTypes()));
        }
        Object object = ObjectFactory.build(cls, name, values, now);
        Node node = s.create(folder, name, object);
        batch.index(node);
        return node;
    }

    private static String value(String text) {
        if (text.startsWith("@@")) {
            return text.substring(1);
        }
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1));
            if (!Files.isRegularFile(file)) {
                throw new NoSuchInputException("the file", file, "--set FIELD=@FILE",
                        "give a UTF-8 file, or write @@ for a value that starts with @");
            }
            try {
                return Files.readString(Path.of(text.substring(1)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + text.substring(1) + ": " + e, e);
            }
        }
        return text;
    }
}
