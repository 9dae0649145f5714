package nightshift.jobs.internal.export;

import java.util.Locale;
import java.util.Set;

/**
 * Which URLs a page may carry in a field a template turns into a link: {@code http}, {@code https}, {@code mailto}
 * and relative ones. The scheme is read as a browser reads it: tabs and line breaks anywhere are ignored, as are
 * spaces and control characters in front, and case does not matter; so {@code "  JaVaScRiPt:"} and
 * {@code "java\tscript:"} are {@code javascript:} and refused, as are {@code data:}, {@code vbscript:} and every
 * other scheme. Text before the first {@code :} that holds no {@code /}, {@code ?} or {@code #} is a scheme
 * (a relative path with a colon in its first segment is written {@code ./a:b}).
 */
public final class SafeUrls {
    private static final Set<String> ALLOWED = Set.of("http", "https", "mailto");

    private SafeUrls() {
    }

    /** Whether a field of this name holds a URL: {@code url} or {@code href}, or a name ending in {@code Url} or {@code Href}. */
    public static boolean isUrlField(String name) {
        return name.equals("url") || name.equals("href") || name.endsWith("Url") || name.endsWith("Href");
    }

    /** Whether {@code url} may be rendered as a link. */
    public static boolean allowed(String url) {
        StringBuilder seen = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || (seen.length() == 0 && c <= ' ')) {
                continue;
            }
            if (c == ':') {
                return ALLOWED.contains(seen.toString().toLowerCase(Locale.ROOT));
            }
            if (c == '/' || c == '?' || c == '#') {
                return true;
            }
            seen.append(c);
        }
        return true;
    }
}
