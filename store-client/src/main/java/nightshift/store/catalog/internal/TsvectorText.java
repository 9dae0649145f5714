package nightshift.store.catalog.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;

/**
 * Builds, in the client, the text form of the tsvector that the server would build with
 * {@link #SERVER_EXPRESSION} under the {@code simple} configuration: lower-cased words, positions counted across
 * title, tags, description and body, weights A (title, tags), B (description), D (body). Loading that text as a
 * tsvector costs the server far less than running its parser.
 *
 * <p>Only text the client is sure to split exactly as PostgreSQL's default parser does is built here: ASCII
 * letters and digits separated by white space and plain punctuation. Anything else (non-ASCII letters, hyphens,
 * dots or slashes inside words, e-mail addresses, URLs, XML, very long texts) returns {@code null}, and the server
 * builds that row's tsvector itself: slower, never different.
 */
public final class TsvectorText {
    /** The server's tsvector of a row; parameters: config, title, tags, description, body. */
    public static final String SERVER_EXPRESSION = "setweight(to_tsvector(%1$s, %2$s), 'A')"
            + " || setweight(to_tsvector(%1$s, %3$s), 'A') || setweight(to_tsvector(%1$s, %4$s), 'B')"
            + " || to_tsvector(%1$s, %5$s)";
    /** Positions above 16,383 are clamped by the server, and a lexeme keeps at most 256 of them. */
    private static final int MAX_POSITION = 16_000;
    private static final int MAX_POSITIONS_PER_LEXEME = 256;
    private static final int MAX_WORD = 1_000;
    private static final int A = 0;
    private static final int B = 1;
    private static final int D = 3;
    private static final char[] WEIGHT_NAMES = {'A', 'B', 'C', 'D'};

    private TsvectorText() {
    }

    /** The text form, or null when the server must build this one. */
    public static String build(IndexEntry e) {
        Map<String, Positions> positions = new LinkedHashMap<>();
        int[] pos = {0};
        if (!add(e.title(), A, positions, pos) || !add(String.join(" ", e.tags()), A, positions, pos)
                || !add(e.description(), B, positions, pos) || !add(e.body(), D, positions, pos)) {
            return null;
        }
        StringBuilder out = new StringBuilder(positions.size() * 12);
        for (Map.Entry<String, Positions> lexeme : positions.entrySet()) {
            if (lexeme.getValue().size > MAX_POSITIONS_PER_LEXEME) {
                return null;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('\'').append(lexeme.getKey()).append("':");
            lexeme.getValue().appendTo(out);
        }
        return out.toString();
    }

    /**
     * A lexeme's positions, each with its weight in its two low bits, written out as digits only at the end: a list
     * of position strings joined with commas was most of a full reindex's client time.
     */
    private static final class Positions {
        private int[] entries = new int[2];
        private int size;

        void add(int position, int weight) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            entries[size++] = position << 2 | weight;
        }

        void appendTo(StringBuilder out) {
            for (int k = 0; k < size; k++) {
                if (k > 0) {
                    out.append(',');
                }
                out.append(entries[k] >>> 2);
                int weight = entries[k] & 3;
                if (weight != D) {
                    out.append(WEIGHT_NAMES[weight]);
                }
            }
        }
    }

    private static boolean add(String text, int weight, Map<String, Positions> positions, int[] pos) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                int start = i;
                while (i < n && isAlnum(text.charAt(i))) {
                    i++;
                }
                if (i - start > MAX_WORD || ++pos[0] > MAX_POSITION) {
                    return false;
                }
                String word = text.substring(start, i).toLowerCase(java.util.Locale.ROOT);
                positions.computeIfAbsent(word, k -> new Positions()).add(pos[0], weight);
                continue;
            }
            if (!isPlainSeparator(text, i)) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** White space and punctuation that the parser treats as a plain blank wherever it stands. */
    private static boolean isPlainSeparator(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case ' ', '\t', '\n', '\r', ',', ';', ':', '!', '?', '(', ')', '"' -> {
                return true;
            }
            case '#' -> {
                // "#42", "see #7": a blank; after a letter ("C#") left to the server, to be safe
                return i == 0 || !isAlnum(text.charAt(i - 1));
            }
            case '.' -> {
                // "end. Next" is a blank; "e.g", "3.14", "host.name" are tokens of their own
                boolean before = i > 0 && isAlnum(text.charAt(i - 1));
                boolean after = i + 1 < text.length() && text.charAt(i + 1) != ' ' && text.charAt(i + 1) != '\n';
                return !(before && after);
            }
            default -> {
                return false;
            }
        }
    }
}
