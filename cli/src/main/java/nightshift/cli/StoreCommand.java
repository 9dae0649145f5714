package nightshift.cli;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nightshift.store.Node;
import nightshift.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift store ls|show|stats}: look into the store, read-only, as the store itself (no user checks);
 * {@code store pack|verify|undo|export|import}: the housekeeping jobs, as system unless {@code --as}.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Look into the store (list a folder, show a node, count what is stored) and keep it (pack, verify,",
            "undo, export, import). ls, show and stats read as the store itself (system): no store user is checked;",
            "whoever can connect to the database sees everything. pack, verify, undo, export and import run the jobs",
            "of those names, as system unless --as USER."},
        subcommands = {StoreCommand.Ls.class, StoreCommand.Show.class, StoreCommand.Stats.class, StoreCommand.Pack.class,
            StoreCommand.Verify.class, StoreCommand.Undo.class, StoreCommand.Export.class, StoreCommand.Import.class})
final class StoreCommand extends CommandGroup {

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List a node's children by name: name, type, owner, the tid that last wrote it and when.")
    static final class Ls implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH", defaultValue = "/", description = "an absolute path (default: /)")
        String path;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Nightshift root = Nightshift.of(spec);
            PrintWriter out = root.out();
            try (Session s = root.store().openSession()) {
                Node parent = s.get(path);
                List<Node> children;
                try (var stream = s.children(parent)) {
                    children = stream.collect(Collectors.toList());
                }
                Map<Long, Instant> times = new StoreQueries(root.store())
                        .commitTimes(children.stream().map(Node::tid).distinct().collect(Collectors.toList()));
                if (children.isEmpty()) {
                    if (!root.quiet) {
                        out.println(parent.path() + " has no children");
                    }
                    return ExitCode.OK;
                }
                out.printf("%-32s %-16s %-12s %8s  %s%n", "NAME", "TYPE", "OWNER", "TID", "MODIFIED");
                for (Node n : children) {
                    Instant t = times.get(n.tid());
                    out.printf("%-32s %-16s %-12s %8d  %s%n", n.name(), simpleName(n.typeName()), n.owner(), n.tid(),
                            t == null ? "-" : HistoryCommand.TIME.format(t));
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one node: oid, path, type, owner, tid, and every field of its object, one per line.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH", description = "an absolute path")
        String path;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Nightshift root = Nightshift.of(spec);
            PrintWriter out = root.out();
            try (Session s = root.store().openSession()) {
                Node n = s.get(path);
                out.println("oid:   " + n.oid());
                out.println("path:  " + n.path());
                out.println("type:  " + n.typeName());
                out.println("owner: " + n.owner());
                out.println("tid:   " + n.tid());
                fields(n.object()).forEach((name, value) -> out.println("  " + name + ": " + value));
            }
            return ExitCode.OK;
        }

        /** A record's components, else the instance fields of the class and its superclasses, in declaration order. */
        static Map<String, Object> fields(Object o) {
            Map<String, Object> fields = new LinkedHashMap<>();
            Class<?> type = o.getClass();
            try {
                if (type.isRecord()) {
                    for (RecordComponent c : type.getRecordComponents()) {
                        fields.put(c.getName(), c.getAccessor().invoke(o));
                    }
                    return fields;
                }
                List<Class<?>> chain = new ArrayList<>();
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    chain.add(0, c);
                }
                for (Class<?> c : chain) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                            f.setAccessible(true);
                            fields.put(f.getName(), f.get(o));
                        }
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                fields.put("(unreadable)", e.toString());
            }
            return fields;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Count nodes, versions (current and old), transactions and nodes by type, and show the size of each store table.")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Nightshift root = Nightshift.of(spec);
            StoreQueries q = new StoreQueries(root.store());
            PrintWriter out = root.out();
            out.printf("nodes:        %,d%n", q.count("the node count", "SELECT 'n', count(*) FROM ns_object WHERE end_tid IS NULL"));
            Map<String, Long> versions = q.rows("the version counts", "SELECT CASE WHEN end_tid IS NULL THEN 'current'"
                    + " ELSE 'old' END, count(*) FROM ns_object GROUP BY 1");
            long current = versions.getOrDefault("current", 0L);
            long old = versions.getOrDefault("old", 0L);
            out.printf("versions:     %,d (current %,d, old %,d)%n", current + old, current, old);
            out.printf("transactions: %,d%n", q.count("the transaction count", "SELECT 't', count(*) FROM ns_tx"));
            out.println("nodes by type:");
            q.rows("the type counts", "SELECT coalesce(t.class_name, 'type ' || o.type_id), count(*) FROM ns_object o"
                    + " LEFT JOIN ns_type t ON t.type_id = o.type_id WHERE o.end_tid IS NULL GROUP BY 1 ORDER BY 2 DESC, 1")
                    .forEach((type, n) -> out.printf("  %-40s %,12d%n", type, n));
            out.println("table sizes (with indexes):");
            q.rows("the table sizes", "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                    + " JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                    + " AND ns.nspname = current_schema() AND c.relname LIKE 'ns\\_%' ORDER BY 2 DESC, 1")
                    .forEach((table, bytes) -> out.printf("  %-40s %12s%n", table, size(bytes)));
            return ExitCode.OK;
        }

        static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            String[] units = {"kB", "MB", "GB", "TB"};
            double v = bytes;
            int i = -1;
            while (v >= 1024 && i < units.length - 1) {
                v /= 1024;
                i++;
            }
            return String.format("%.1f %s", v, units[i]);
        }
    }

    @Command(name = "pack", description = "Same as `run pack --as system`: remove history older than --keep-days N.")
    static final class Pack extends StoreJobAlias {
    }

    @Command(name = "verify", description = "Same as `run verify --as system`: check the store [--path P] [--repair-catalog].")
    static final class Verify extends StoreJobAlias {
    }

    @Command(name = "undo", description = "Same as `run undo --as system`: revert --run RUN_ID or --tid TID as a new transaction.")
    static final class Undo extends StoreJobAlias {
    }

    @Command(name = "export", description = "Same as `run export --as system`: write --path P to the JSON Lines archive --out FILE.")
    static final class Export extends StoreJobAlias {
    }

    @Command(name = "import", description = "Same as `run import --as system`: recreate --in FILE at --into PATH [--replace], all or nothing.")
    static final class Import extends StoreJobAlias {
    }
}
