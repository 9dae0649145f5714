package nightshift.jobs.internal.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How node names become file names and links. A name is written to disk percent-encoded (everything but ASCII
 * letters, digits, {@code -}, {@code _} and {@code ~}; the dot too, so no name can end in {@code .html} and
 * collide with a page), and {@code index} becomes {@code %69ndex} so it cannot collide with a folder's
 * {@code index.html}. An encoding longer than {@value #MAX_STEM} bytes (so that {@code NAME.html} would not fit
 * the file system's {@value #MAX_FILE_NAME}) is cut to a prefix, never inside an escape, followed by a dot and a
 * digest of the whole name: the dot is one the encoding never writes, so a shortened name cannot equal the file
 * name of any other name, and the digest keeps names that share a long prefix apart and gives the same name the
 * same file at every export. Links encode the file names once more (the {@code %} becomes {@code %25}).
 */
public final class SitePaths {
    /** The longest file name the usual file systems take, in bytes. */
    public static final int MAX_FILE_NAME = 255;
    /** The longest file name written for a node, so that a page's {@code NAME.html} fits as well. */
    public static final int MAX_STEM = MAX_FILE_NAME - ".html".length();
    /** Hex digits of the digest that ends a shortened name (128 bits of SHA-256). */
    private static final int DIGEST_HEX = 32;

    private SitePaths() {
    }

    /** The file or directory name for a node name: at most {@value #MAX_STEM} bytes. */
    public static String fileName(String name) {
        String encoded = name.equals("index") ? "%69ndex" : encode(name);
        return encoded.length() <= MAX_STEM ? encoded : shortened(encoded, name);
    }

    /**
     * A name of at most {@value #MAX_STEM} bytes for something known by {@code key}: the start of {@code readable}
     * (an encoding), a dot and a digest of the key.
     */
    static String shortened(String readable, String key) {
        int end = Math.min(readable.length(), MAX_STEM - 1 - DIGEST_HEX);
        if (end >= 1 && readable.charAt(end - 1) == '%') {
            end -= 1;
        } else if (end >= 2 && readable.charAt(end - 2) == '%') {
            end -= 2;
        }
        // Nor between the bytes of one character: the escape after the cut must not be a UTF-8 continuation byte.
        while (end >= 3 && end < readable.length() && readable.charAt(end) == '%' && continuation(readable, end)) {
            end -= 3;
        }
        return readable.substring(0, end) + "." + digest(key);
    }

    private static boolean continuation(String encoded, int escape) {
        int b = Integer.parseInt(encoded.substring(escape + 1, escape + 3), 16);
        return (b & 0xc0) == 0x80;
    }

    private static String encode(String name) {
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

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, DIGEST_HEX / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256, which every Java must have", e);
        }
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
