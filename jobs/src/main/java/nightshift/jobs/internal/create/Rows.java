package nightshift.jobs.internal.create;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;

/** The records of a bulk input file, read one at a time: each a map of field names to a String or a List of Strings. */
public interface Rows {
    /** The next record, or null at the end. */
    Map<String, Object> next() throws IOException;

    /** The line of the file the last record returned by {@link #next()} starts on (1-based). */
    long line();

    /**
     * The reader for a file of this name: {@code .jsonl}/{@code .ndjson} or {@code .csv}; null for another name. A
     * byte-order mark at the start (as spreadsheet programs save UTF-8) is skipped, not read as part of the first field.
     */
    static Rows forFile(String fileName, BufferedReader in) throws IOException {
        skipByteOrderMark(in);
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return new JsonLines(in);
        }
        if (lower.endsWith(".csv")) {
            return new CsvRows(in);
        }
        return null;
    }

    private static void skipByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
    }
}
