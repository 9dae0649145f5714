package nightshift.store.catalog.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.store.catalog.IndexEntry;

/**
 * Builds, in the client, the text form of the tsvector that the server would build with
 * {@link #SERVER_EXPRESSION} under the {@code simple} configuration: lower-cased words, positions counted across
 * title, tags, description and body, weights A (title, tags), B (description), D (body). Loading that text as a
 * tsvector costs the server a third of running its parser.
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

    private TsvectorText() {
    }

    /** The text form, or null when the server must build this one. */
    public static String build(IndexEntry e) {
        Map<String, List<String>> positions = new LinkedHashMap<>();
        int[] pos = {0};
        if (!add(e.title(), 'A', positions, pos) || !add(String.join(" ", e.tags()), 'A', positions, pos)
                || !add(e.description(), 'B', positions, pos) || !add(e.body(), 'D', positions, pos)) {
            return null;
        }
        StringBuilder out = new StringBuilder(positions.size() * 12);
        for (Map.Entry<String, List<String>> lexeme : positions.entrySet()) {
            if (lexeme.getValue().size() > MAX_POSITIONS_PER_LEXEME) {
                return null;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('\'').append(lexeme.getKey()).append("':").append(String.join(",", lexeme.getValue()));
        }
        return out.toString();
    }

    private static boolean add(String text, char weight, Map<String, List<String>> positions, int[] pos) {
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
                positions.computeIfAbsent(word, k -> new ArrayList<>(2))
                        .add(weight == 'D' ? Integer.toString(pos[0]) : pos[0] + String.valueOf(weight));
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
