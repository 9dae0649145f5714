package nightshift.jobs.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fields of a node line, byte for byte: an archive made by one nightshift must read the same in another, and
 * export after import must give the same file, so escaping, number forms, field order and the order of unordered
 * sets and maps are part of the format.
 */
class ArchiveFieldsBytesTest {
    enum Colour { RED, GREEN }

    interface Shape {
    }

    record Square(int side) implements Shape {
    }

    record Inner(String name, List<Integer> values) {
    }

    record Hostile(String text, char c, int i, long l, short s, byte b, double d, float f, Double nan, BigInteger big,
            BigDecimal dec, Boolean flag, String nothing, Instant at, LocalDate day, UUID id, byte[] bytes, Colour colour,
            List<Object> mixed, Map<String, Object> nested, Set<String> unordered, Map<Integer, String> byNumber,
            Map<Colour, Inner> ordered, Inner inner, Shape shape, Object untyped) {
    }

    private static final String EXPECTED = "{\"text\":\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r"
            + " bs \\b ff \\f nul \\u0000 us \\u001F del \u007f caf\u00e9 \u65e5\u672c \ud83d\ude00 \u2028 \ufeff\","
            + "\"c\":\"\\u0001\",\"i\":-2147483648,\"l\":9223372036854775807,\"s\":-32768,\"b\":127,"
            + "\"d\":1.0E-7,\"f\":0.1,\"nan\":\"NaN\",\"big\":123456789012345678901234567890,\"dec\":\"1.50\","
            + "\"flag\":false,\"nothing\":null,\"at\":\"2026-11-27T09:00:00.123Z\",\"day\":\"2026-02-28\","
            + "\"id\":\"00000000-0000-0001-0000-000000000002\",\"bytes\":\"AP9/gA==\",\"colour\":\"GREEN\","
            + "\"mixed\":[\"one\",2,3.5,true,null,[\"nested\"],{\"k\":\"v\"}],"
            + "\"nested\":{\"z\":{\"deep\":[1,2]},\"a\":[],\"m\":{}},"
            + "\"unordered\":[\"B\",\"\\\"quoted\\\"\",\"a\",\"\u00e9\"],"
            + "\"byNumber\":{\"-1\":\"minus\",\"10\":\"ten\",\"2\":\"two\"},"
            + "\"ordered\":{\"RED\":null,\"GREEN\":{\"name\":\"g\",\"values\":[]}},"
            + "\"inner\":{\"name\":\"in\",\"values\":[1,null,3]},"
            + "\"shape\":{\"@type\":\"nightshift.jobs.internal.archive.ArchiveFieldsBytesTest$Square\",\"side\":4},"
            + "\"untyped\":{\"@type\":\"nightshift.jobs.internal.archive.ArchiveFieldsBytesTest$Inner\",\"name\":\"u\","
            + "\"values\":null}}";

    private static Hostile hostile() {
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("deep", List.of(1, 2));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", deep);
        nested.put("a", List.of());
        nested.put("m", Map.of());
        Map<Integer, String> byNumber = new HashMap<>(Map.of(10, "ten", 2, "two", -1, "minus"));
        Map<Colour, Inner> ordered = new TreeMap<>();
        ordered.put(Colour.RED, null);
        ordered.put(Colour.GREEN, new Inner("g", List.of()));
        List<Object> mixed = new ArrayList<>(Arrays.asList("one", 2, 3.5, true, null, List.of("nested"), Map.of("k", "v")));
        return new Hostile("quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \0 us \u001f del \u007f"
                + " caf\u00e9 \u65e5\u672c \ud83d\ude00 \u2028 \ufeff", '\u0001', Integer.MIN_VALUE, Long.MAX_VALUE,
                Short.MIN_VALUE, Byte.MAX_VALUE, 1e-7, 0.1f, Double.NaN, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("1.50"), false, null, Instant.parse("2026-11-27T09:00:00.123Z"), LocalDate.of(2026, 2, 28),
                new UUID(1, 2), new byte[] {0, -1, 127, -128}, Colour.GREEN, mixed, nested,
                Set.of("a", "B", "\u00e9", "\"quoted\""), byNumber, ordered, new Inner("in", Arrays.asList(1, null, 3)),
                new Square(4), new Inner("u", null));
    }

    /** The bytes the archive writer puts after {@code "fields":}, through a generator made as it makes one. */
    private static byte[] fieldsBytes(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                JsonGenerator g = JsonFactory.builder().build().createGenerator(w)) {
            g.setRootValueSeparator(null);
            JsonValues.writeFields(g, object);
        }
        return bytes.toByteArray();
    }

    @Test
    void hostile_values_are_written_as_exactly_these_bytes() throws IOException {
        assertEquals(EXPECTED, new String(fieldsBytes(hostile()), StandardCharsets.UTF_8));
        assertArrayEquals(EXPECTED.getBytes(StandardCharsets.UTF_8), fieldsBytes(hostile()));
    }

    @Test
    void the_bytes_read_back_to_an_object_that_writes_the_same_bytes() throws IOException {
        Map<String, Class<?>> registered = Map.of(Square.class.getName(), Square.class, Inner.class.getName(), Inner.class);
        Object back = new JsonObjects(registered::get).build(Hostile.class, new ObjectMapper().readTree(EXPECTED));
        assertArrayEquals(EXPECTED.getBytes(StandardCharsets.UTF_8), fieldsBytes(back));
    }
}
