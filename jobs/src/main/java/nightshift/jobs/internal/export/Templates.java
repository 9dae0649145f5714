package nightshift.jobs.internal.export;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One Mustache template per type: {@code SimpleName.mustache} from the override directory, else from the class path
 * under {@value #RESOURCES} (the type's own class loader first, so an application jar can ship templates for its
 * types), else {@code default.mustache} the same way. {@code {{x}}} is HTML-escaped; {@code {{{x}}}} is not.
 */
public final class Templates {
    public static final String RESOURCES = "nightshift/export/templates/";
    private final Path overrides;
    private final MustacheFactory factory = new DefaultMustacheFactory();
    private final Map<Class<?>, Mustache> byType = new HashMap<>();

    /** @param overrides a directory of templates that replace the shipped ones, or null */
    public Templates(Path overrides) {
        this.overrides = overrides;
    }

    public Mustache forType(Class<?> type) {
        return byType.computeIfAbsent(type, t -> {
            String name = t.getSimpleName() + ".mustache";
            String text = find(name, t.getClassLoader());
            if (text == null) {
                name = "default.mustache";
                text = find(name, t.getClassLoader());
            }
            if (text == null) {
                throw new IllegalStateException("no template " + name + " in " + overrides + " or on the class path under " + RESOURCES);
            }
            return factory.compile(new StringReader(text), name);
        });
    }

    private String find(String name, ClassLoader typeLoader) {
        try {
            if (overrides != null && Files.isRegularFile(overrides.resolve(name))) {
                return Files.readString(overrides.resolve(name), StandardCharsets.UTF_8);
            }
            for (ClassLoader loader : new ClassLoader[] {typeLoader, Templates.class.getClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(RESOURCES + name)) {
                    if (in != null) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + name + ": " + e, e);
        }
    }
}
