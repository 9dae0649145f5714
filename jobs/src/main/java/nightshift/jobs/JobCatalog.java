package nightshift.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds jobs: by name among the {@link Job}s listed in {@code META-INF/services/nightshift.jobs.Job} (built-in and
 * application jobs alike, without instantiating them), or by fully qualified class name on the class path.
 */
public final class JobCatalog {
    private final ClassLoader loader;
    private final Map<String, JobDescriptor> byName;

    private JobCatalog(ClassLoader loader, Map<String, JobDescriptor> byName) {
        this.loader = loader;
        this.byName = byName;
    }

    public static JobCatalog load(ClassLoader loader) {
        Map<String, JobDescriptor> byName = new TreeMap<>();
        ServiceLoader.load(Job.class, loader).stream().forEach(provider -> {
            JobDescriptor d = describe(provider.type());
            JobDescriptor clash = byName.putIfAbsent(d.name(), d);
            if (clash != null && clash.type() != d.type()) {
                throw new InvalidJobException("two jobs are named '" + d.name() + "': " + clash.type().getName()
                        + " and " + d.type().getName() + "; rename one in its @JobInfo", null);
            }
        });
        return new JobCatalog(loader, byName);
    }

    /** A class loader over every jar in {@code directory} (the {@code --lib} option), in front of {@code parent}. */
    public static ClassLoader withLibraries(Path directory, ClassLoader parent) {
        return withLibraries(List.of(directory), parent);
    }

    /**
     * A class loader over these libraries, in front of {@code parent}: each a jar, or a directory whose jars are
     * taken in name order (the {@code --lib} option).
     *
     * @throws NoSuchInputException for a library that does not exist
     * @throws BadParameterException for a file that is not a jar
     */
    public static ClassLoader withLibraries(List<Path> libraries, ClassLoader parent) {
        List<URL> jars = new ArrayList<>();
        for (Path library : libraries) {
            if (Files.isDirectory(library)) {
                try (Stream<Path> files = Files.list(library)) {
                    for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        jars.add(url(jar));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list job library directory " + library, e);
                }
            } else if (!Files.exists(library)) {
                throw new NoSuchInputException("the library", library, "--lib",
                        "give a jar or a directory of jars, several separated by " + java.io.File.pathSeparator);
            } else if (library.toString().endsWith(".jar")) {
                jars.add(url(library));
            } else {
                throw new BadParameterException("--lib", "the library " + library + " (--lib) is neither a jar nor a"
                        + " directory; give a jar or a directory of jars");
            }
        }
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public ClassLoader classLoader() {
        return loader;
    }

    /** Every job found by name, sorted by name. */
    public List<JobDescriptor> jobs() {
        return byName.values().stream().sorted(Comparator.comparing(JobDescriptor::name)).toList();
    }

    /** The job with that name, or the class with that fully qualified name. */
    public JobDescriptor find(String nameOrClass) {
        JobDescriptor named = byName.get(nameOrClass);
        if (named != null) {
            return named;
        }
        if (nameOrClass.contains(".")) {
            try {
                return describe(Class.forName(nameOrClass, false, loader));
            } catch (ClassNotFoundException e) {
                // fall through to the error that lists what there is
            }
        }
        throw new NoSuchJobException(nameOrClass, new ArrayList<>(byName.keySet()));
    }

    /** Describes a job class, checking that it can be one. */
    public static JobDescriptor describe(Class<?> type) {
        if (!Job.class.isAssignableFrom(type)) {
            throw new InvalidJobException(type.getName() + " does not implement " + Job.class.getName(), null);
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new InvalidJobException(type.getName() + " is abstract; name a concrete job class", null);
        }
        JobInfo info = type.getAnnotation(JobInfo.class);
        @SuppressWarnings("unchecked")
        Class<? extends Job> jobType = (Class<? extends Job>) type;
        return info == null ? new JobDescriptor(type.getName(), "(no @JobInfo)", jobType)
                : new JobDescriptor(info.name(), info.summary(), jobType);
    }
}
