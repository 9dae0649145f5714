package nightshift.jobs.internal.create;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nightshift.jobs.BadParameterException;

/**
 * JSON Lines: one JSON object per line (blank lines skipped). Strings, numbers and booleans become their text; an
 * array of scalars becomes a list; null is "not set". One line at a time, so a file of any length reads in bounded
 * memory.
 */
public final class JsonLines implements Rows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BufferedReader in;
    private long line;

    public JsonLines(BufferedReader in) {
        this.in = in;
    }

    @Override
    public Map<String, Object> next() throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadParameterException("line " + line, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new BadParameterException("line " + line, "expected a JSON object, found " + node.getNodeType());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), value(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Object value(String field, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (item.isContainerNode()) {
                    throw new BadParameterException(field, "field '" + field + "': nested arrays and objects are not supported");
                }
                items.add(item.isNull() ? null : item.asText());
            }
            return items;
        }
        if (v.isObject()) {
            throw new BadParameterException(field, "field '" + field + "': nested objects are not supported");
        }
        return v.asText();
    }

    @Override
    public long line() {
        return line;
    }
}
