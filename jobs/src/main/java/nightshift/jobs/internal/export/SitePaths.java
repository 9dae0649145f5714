package nightshift.jobs.internal.export;

import java.nio.charset.StandardCharsets;

/**
 * How node names become file names and links. A name is written to disk percent-encoded (everything but ASCII
 * letters, digits, {@code -}, {@code _} and {@code ~}; the dot too, so no name can end in {@code .html} and
 * collide with a page), and {@code index} becomes {@code %69ndex} so it cannot collide with a folder's
 * {@code index.html}. Links encode the file names once more (the {@code %} becomes {@code %25}).
 */
public final class SitePaths {
    private SitePaths() {
    }

    /** The file or directory name for a node name. */
    public static String fileName(String name) {
        if (name.equals("index")) {
            return "%69ndex";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A file name as it goes into a link (its {@code %} escaped). */
    public static String href(String fileName) {
        return fileName.replace("%", "%25");
    }

    /** {@code ../} once per directory level, to reach the export root from a page in a directory that deep. */
    public static String up(int depth) {
        return "../".repeat(depth);
    }

    /** Escapes text for XML (the sitemap). */
    public static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
