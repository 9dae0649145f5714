package nightshift.jobs.internal.create;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.jobs.BadParameterException;

/**
 * CSV (RFC 4180), read by Jackson's CSV parser: the first record names the columns; fields separated by commas,
 * optionally in double quotes, in which commas, line breaks and doubled quotes ({@code ""}) stand for themselves.
 * An empty field is "not set". Blank lines are skipped. Reads one record at a time.
 */
public final class CsvRows implements Rows {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private final Reader in;
    private CsvParser parser;
    private List<String> header;
    private long recordLine;

    public CsvRows(Reader in) {
        this.in = in;
    }

    @Override
    public Map<String, Object> next() throws IOException {
        if (header == null) {
            parser = CSV.getFactory().createParser(in);
            header = record();
            if (header == null) {
                return null;
            }
            header.replaceAll(String::strip);
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

    /** One record's fields, or null at the end of the input. */
    private List<String> record() throws IOException {
        recordLine = 0;
        try {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                if (fields.isEmpty()) {
                    recordLine = parser.currentTokenLocation().getLineNr();
                }
                fields.add(unixLineBreaks(parser.getText()));
            }
            return fields;
        } catch (JsonProcessingException e) {
            if (recordLine == 0) {
                recordLine = parser.currentTokenLocation().getLineNr();
            }
            JsonLocation at = e.getLocation();
            throw new BadParameterException("line " + recordLine, "not valid CSV"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage() + "; a field with a comma, a double quote or a line break goes in double"
                    + " quotes, with each quote inside it doubled", e);
        }
    }

    /** A line break inside a quoted field reads as \n whatever the file uses, so a file saved on Windows gives the same text. */
    private static String unixLineBreaks(String v) {
        return v.indexOf('\r') < 0 ? v : v.replace("\r\n", "\n").replace('\r', '\n');
    }

    @Override
    public long line() {
        return recordLine;
    }
}
