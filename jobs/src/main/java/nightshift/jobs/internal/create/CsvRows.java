package nightshift.jobs.internal.create;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.jobs.BadParameterException;

/**
 * CSV (RFC 4180): the first record names the columns; fields separated by commas, optionally in double quotes, in
 * which commas, line breaks and doubled quotes ({@code ""}) stand for themselves. An empty field is "not set". Blank
 * lines are skipped. Reads one record at a time.
 */
public final class CsvRows implements Rows {
    private final BufferedReader in;
    private List<String> header;
    private long line;
    private long recordLine;

    public CsvRows(BufferedReader in) {
        this.in = in;
    }

    @Override
    public Map<String, Object> next() throws IOException {
        if (header == null) {
            header = record();
            if (header == null) {
                return null;
            }
            for (int i = 0; i < header.size(); i++) {
                header.set(i, header.get(i).strip());
            }
        }
        List<String> fields = record();
        if (fields == null) {
            return null;
        }
        if (fields.size() != header.size()) {
            throw new BadParameterException("line " + recordLine, "has " + fields.size() + " fields, the header has "
                    + header.size() + " (" + String.join(",", header) + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String v = fields.get(i);
            out.put(header.get(i), v.isEmpty() ? null : v);
        }
        return out;
    }

    /** One record's fields, or null at the end of the input; skips blank lines. */
    List<String> record() throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isEmpty());
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == text.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return fields;
                }
                String more = in.readLine();
                if (more == null) {
                    throw new BadParameterException("line " + recordLine, "a quoted field is not closed before the end of the file");
                }
                line++;
                field.append('\n');
                text = more;
                i = 0;
                continue;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                field.append(c);
            }
        }
    }

    @Override
    public long line() {
        return recordLine;
    }
}
