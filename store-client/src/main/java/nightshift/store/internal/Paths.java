package nightshift.store.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import nightshift.store.InvalidNameException;

/** Names and paths: what the store accepts, and how paths are split and joined. */
public final class Paths {
    /** Longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest path, in characters. */
    public static final int MAX_PATH_LENGTH = 4096;

    private Paths() {
    }

    /**
     * Validates one node name and returns it in Unicode normalization form C, so that a name typed with combining
     * accents and one typed precomposed are the same name: not empty, no '/', not '.' or '..', at most 255
     * characters, and nothing that is invisible or that changes how the text around it is shown — control and
     * formatting characters (C0 and C1 controls, bidirectional overrides and marks, zero-width characters), line and
     * paragraph separators, unpaired surrogates and noncharacters — so that two names that look alike are alike.
     */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(String.valueOf(name), "a name cannot be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidNameException(name, "'.' and '..' are not names");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '/') {
                throw new InvalidNameException(shown(name), "a name cannot contain '/'");
            }
            String refused = refusal(c);
            if (refused != null) {
                throw new InvalidNameException(shown(name), "a name cannot contain " + refused + " ("
                        + String.format("U+%04X", c) + " at character " + (i + 1) + ")");
            }
            i += Character.charCount(c);
        }
        String normal = Normalizer.isNormalized(name, Normalizer.Form.NFC) ? name : Normalizer.normalize(name, Normalizer.Form.NFC);
        if (normal.length() > MAX_NAME_LENGTH) {
            throw new InvalidNameException(shown(normal.substring(0, 40)) + "...", "a name is at most " + MAX_NAME_LENGTH
                    + " characters, this one has " + normal.length());
        }
        return normal;
    }

    /** Why a code point cannot be part of a name, or null if it can. */
    private static String refusal(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
                return "control characters";
            case Character.FORMAT:
                return "invisible formatting characters (bidirectional overrides and marks, zero-width characters)";
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "line or paragraph separators";
            case Character.SURROGATE:
                return "an unpaired surrogate (not a character: the text was cut or badly decoded)";
            default:
                boolean nonCharacter = (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF);
                return nonCharacter ? "noncharacters" : null;
        }
    }

    /** The name as an error message may show it: whatever is invisible or not a character written as U+XXXX. */
    private static String shown(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (refusal(c) != null) {
                out.append(String.format("<U+%04X>", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Splits an absolute path into validated names; {@code /} gives none. */
    public static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new InvalidNameException(String.valueOf(path), "a path must be absolute, like /site/news");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidNameException(shown(path.substring(0, 40)) + "...", "a path is at most " + MAX_PATH_LENGTH + " characters");
        }
        List<String> names = new ArrayList<>();
        if (path.equals("/")) {
            return names;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.isEmpty()) {
                throw new InvalidNameException(shown(path), "empty segment (a doubled or trailing '/')");
            }
            names.add(name(segment));
            start = end + 1;
        }
        return names;
    }

    public static String join(String parentPath, String name) {
        return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    public static boolean isWithin(String path, String ancestor) {
        return ancestor.equals("/") || path.equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
