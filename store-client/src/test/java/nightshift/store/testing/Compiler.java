package nightshift.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources to a fresh directory and loads them in a class loader of their own: two versions of one class side by side. */
public final class Compiler {
    private Compiler() {
    }

    /** Sources by fully qualified class name. */
    public static ClassLoader compile(Map<String, String> sources) {
        try {
            Path dir = Files.createTempDirectory("nightshift-compiled");
            List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path")));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = dir.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, System.err, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("compilation failed: " + sources.keySet());
            }
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, Compiler.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
