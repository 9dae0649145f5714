package nightshift.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import nightshift.jobs.Job;

/**
 * Compiles one source file in memory against nightshift's classpath (and the --lib jars) and finds the job in it.
 * Compile errors become {@code file:line: message} lines in a {@link BadInputException}.
 */
final class ScriptCompiler {
    private ScriptCompiler() {
    }

    static Class<?> compile(Path file, ClassLoader parent) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ConfigException("`nightshift script` needs a JDK (javac), and this is a runtime-only Java;"
                    + " run it with a JDK, or package the job in a jar for --lib");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
                InMemoryOutput files = new InMemoryOutput(standard, classes)) {
            Iterable<? extends JavaFileObject> sources = standard.getJavaFileObjects(file.toFile());
            List<String> options = List.of("-classpath", classpath(parent), "-proc:none", "-g", "-encoding", "UTF-8");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, sources).call();
            if (!ok) {
                throw new BadInputException(errors(file, diagnostics));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        List<Class<?>> jobs = new ArrayList<>();
        for (String name : classes.keySet()) {
            try {
                Class<?> c = loader.loadClass(name);
                if (Job.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null) {
                    jobs.add(c);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                throw new BadInputException(file + ": cannot load compiled class " + name + ": " + e, e);
            }
        }
        if (jobs.size() != 1) {
            throw new BadInputException(file + ": must hold exactly one public class implementing " + Job.class.getName()
                    + ", found " + jobs.size());
        }
        return jobs.get(0);
    }

    private static String errors(Path file, DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(file).append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
        }
        return b.length() == 0 ? file + ": does not compile" : b.toString();
    }

    private static String classpath(ClassLoader loader) {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: cannot be on javac's class path
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Keeps the compiled classes in memory. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classes;

        InMemoryOutput(StandardJavaFileManager delegate, Map<String, ByteArrayOutputStream> classes) {
            super(delegate);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    classes.put(className, out);
                    return out;
                }
            };
        }
    }
}
