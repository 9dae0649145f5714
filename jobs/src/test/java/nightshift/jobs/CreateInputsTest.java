package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nightshift.jobs.internal.create.CsvRows;
import nightshift.jobs.internal.create.JsonLines;
import nightshift.jobs.internal.create.ObjectFactory;
import nightshift.jobs.internal.create.Rows;
import nightshift.jobs.internal.create.ValueConverter;
import org.junit.jupiter.api.Test;

/** The create job's parts without a store: conversions, the CSV and JSONL readers. */
class CreateInputsTest {
    enum Colour { RED, GREEN }

    record Sample(int count, long big, double ratio, boolean flag, Boolean boxed, LocalDate day, Colour colour, List<Integer> numbers) {
    }

    @Test
    void text_converts_to_numbers_booleans_dates_enums_and_lists() {
        Sample s = (Sample) ObjectFactory.build(Sample.class, "n", Map.of("count", "3", "big", "9000000000", "ratio", "0.5",
                "flag", "TRUE", "day", "2024-02-29", "colour", "GREEN", "numbers", "1, 2,3"), Instant.EPOCH);
        assertEquals(new Sample(3, 9_000_000_000L, 0.5, true, null, LocalDate.of(2024, 2, 29), Colour.GREEN, List.of(1, 2, 3)), s);
    }

    @Test
    void missing_primitives_are_zero_and_missing_objects_null() {
        assertEquals(new Sample(0, 0, 0, false, null, null, null, null),
                ObjectFactory.build(Sample.class, "n", Map.of(), Instant.EPOCH));
    }

    @Test
    void bad_values_name_the_field_and_the_expected_form() {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ValueConverter.convert("count", int.class, "three"));
        assertEquals("count", e.parameter());
        assertTrue(e.getMessage().contains("'three'") && e.getMessage().contains("a number"), e.getMessage());
        BadParameterException colour = assertThrows(BadParameterException.class,
                () -> ValueConverter.convert("colour", Colour.class, "BLUE"));
        assertTrue(colour.getMessage().contains("RED, GREEN"), colour.getMessage());
        assertThrows(BadParameterException.class, () -> ValueConverter.convert("flag", boolean.class, "yes"));
    }

    @Test
    void csv_handles_quotes_commas_escaped_quotes_line_breaks_and_empty_fields() throws Exception {
        CsvRows rows = new CsvRows(new BufferedReader(new StringReader(
                "a,b,c\n1,\"x, y\",\"he said \"\"no\"\"\"\n\n\"multi\nline\",,3\n")));
        assertEquals(Map.of("a", "1", "b", "x, y", "c", "he said \"no\""), rows.next());
        assertEquals(2, rows.line());
        Map<String, Object> second = rows.next();
        assertEquals("multi\nline", second.get("a"));
        assertNull(second.get("b"));
        assertEquals(4, rows.line());
        assertNull(rows.next());
    }

    @Test
    void csv_reads_windows_line_breaks_as_unix_ones_and_keeps_spaces_quotes_backslashes_and_unicode_in_values()
            throws Exception {
        CsvRows rows = new CsvRows(new BufferedReader(new StringReader(
                " a , b \r\n\"one\r\ntwo\rthree\", 1 \r\n\r\nx\"y,C:\\dir\\\r\ncaf\u00e9 \u65e5\u672c,\"\"\r\nlast,no line break")));
        assertEquals(Map.of("a", "one\ntwo\nthree", "b", " 1 "), rows.next());
        assertEquals(2, rows.line());
        assertEquals(Map.of("a", "x\"y", "b", "C:\\dir\\"), rows.next());
        assertEquals(6, rows.line());
        Map<String, Object> unicode = rows.next();
        assertEquals("caf\u00e9 \u65e5\u672c", unicode.get("a"));
        assertTrue(unicode.containsKey("b") && unicode.get("b") == null, unicode.toString());
        assertEquals(7, rows.line());
        assertEquals(Map.of("a", "last", "b", "no line break"), rows.next());
        assertEquals(8, rows.line());
        assertNull(rows.next());
    }

    @Test
    void csv_with_a_header_only_or_nothing_has_no_records() throws Exception {
        assertNull(new CsvRows(new BufferedReader(new StringReader("type,name\n"))).next());
        assertNull(new CsvRows(new BufferedReader(new StringReader(""))).next());
    }

    @Test
    void csv_refuses_a_record_with_the_wrong_number_of_fields_naming_its_line_and_the_header() throws Exception {
        CsvRows rows = new CsvRows(new BufferedReader(new StringReader("a,b\n1,2\n\n\"x\ny\",2,3\n")));
        rows.next();
        BadParameterException e = assertThrows(BadParameterException.class, rows::next);
        assertEquals("line 4", e.parameter());
        assertEquals("has 3 fields, the header has 2 (a,b)", e.getMessage());
        assertEquals(4, rows.line());
    }

    @Test
    void csv_refuses_an_unclosed_quote_with_its_line() throws Exception {
        CsvRows rows = new CsvRows(new BufferedReader(new StringReader("a\n\"open\n")));
        BadParameterException e = assertThrows(BadParameterException.class, rows::next);
        assertEquals("line 2", e.parameter());
        assertTrue(e.getMessage().contains("quote"), e.getMessage());
        CsvRows later = new CsvRows(new BufferedReader(new StringReader("a,b\n1,2\n\n3,\"open\nmore\n")));
        later.next();
        BadParameterException second = assertThrows(BadParameterException.class, later::next);
        assertEquals("line 4", second.parameter());
        assertEquals(4, later.line());
    }

    @Test
    void jsonl_reads_scalars_as_text_and_arrays_as_lists_and_refuses_non_objects() throws Exception {
        JsonLines rows = new JsonLines(new BufferedReader(new StringReader("{\"n\": 1, \"b\": true, \"l\": [\"p\", 2]}\n[1]\n")));
        assertEquals(Map.of("n", "1", "b", "true", "l", List.of("p", "2")), rows.next());
        BadParameterException e = assertThrows(BadParameterException.class, rows::next);
        assertEquals(2, rows.line());
        assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
    }

    @Test
    void a_byte_order_mark_at_the_start_of_a_file_is_not_part_of_its_first_field() throws Exception {
        Rows csv = Rows.forFile("items.csv", new BufferedReader(new StringReader("\uFEFFtype,title\nDocument,a\n")));
        assertEquals(Map.of("type", "Document", "title", "a"), csv.next());
        Rows jsonl = Rows.forFile("items.jsonl", new BufferedReader(new StringReader("\uFEFF{\"type\": \"Document\"}\n")));
        assertEquals(Map.of("type", "Document"), jsonl.next());
        assertEquals(1, jsonl.line());
    }
}
