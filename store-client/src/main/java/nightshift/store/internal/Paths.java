package nightshift.store.internal;

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

    /** Validates one node name: not empty, no '/', not '.' or '..', no control characters, at most 255 characters. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(String.valueOf(name), "a name cannot be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidNameException(name.substring(0, 40) + "...", "a name is at most " + MAX_NAME_LENGTH
                    + " characters, this one has " + name.length());
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidNameException(name, "'.' and '..' are not names");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                throw new InvalidNameException(name, "a name cannot contain '/'");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidNameException(name.replaceAll("\\p{Cntrl}", "?"), "a name cannot contain control characters");
            }
        }
        return name;
    }

    /** Splits an absolute path into validated names; {@code /} gives none. */
    public static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new InvalidNameException(String.valueOf(path), "a path must be absolute, like /site/news");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidNameException(path.substring(0, 40) + "...", "a path is at most " + MAX_PATH_LENGTH + " characters");
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
                throw new InvalidNameException(path, "empty segment (a doubled or trailing '/')");
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
