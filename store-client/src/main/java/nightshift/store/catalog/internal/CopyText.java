package nightshift.store.catalog.internal;

import java.time.Instant;
import java.util.Map;

/** Rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
final class CopyText {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private boolean lineStart = true;

    CopyText field(String value) {
        sep();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { }
                default -> out.append(c);
            }
        }
        return this;
    }

    CopyText field(long value) {
        sep();
        out.append(value);
        return this;
    }

    CopyText field(Instant value) {
        return field(value == null ? null : value.toString());
    }

    CopyText json(Map<String, String> map) {
        StringBuilder j = new StringBuilder("{");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (j.length() > 1) {
                j.append(',');
            }
            quote(j, e.getKey());
            j.append(':');
            quote(j, e.getValue());
        }
        return field(j.append('}').toString());
    }

    void endRow() {
        out.append('\n');
        lineStart = true;
    }

    int length() {
        return out.length();
    }

    String take() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }

    private void sep() {
        if (!lineStart) {
            out.append('\t');
        }
        lineStart = false;
    }

    private static void quote(StringBuilder j, String s) {
        j.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0) {
                        j.append(String.format("\\u%04x", (int) c));
                    } else {
                        j.append(c);
                    }
                }
            }
        }
        j.append('"');
    }
}
