package nightshift.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import nightshift.store.Store;
import nightshift.store.catalog.internal.TsvectorText;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client-built tsvector is the server's to_tsvector('simple', ...), exactly, or the client declines to build it. */
@ExtendWith(StoreExtension.class)
class CatalogTsvectorTest {
    private static final List<String> PLAIN = List.of(
            "Hello World", "The quick brown fox, jumps: over (the) lazy dog!", "Version 2 of 10 items",
            "abc123 4you 1st 2nd", "End. Next sentence. And the last one.", "tabs\tand\nnewlines\r\nhere",
            "quotes \"here\" and there", "semi;colon question? yes!", "UPPER lower MiXeD", "", "   ",
            "word word word word", "numbers 1 22 333 4444 55555 0", "a b c d e f g", "issue #42 and #7, see #1",
            "# heading", "#tag #another");
    private static final List<String> DECLINED = List.of(
            "e.g. this", "pi is 3.14", "foo-bar baz", "mail me@example.com", "see http://example.org/a/b",
            "<b>bold</b> &amp; more", "Ünïcode wörds", "don't stop", "under_score", "C++ and C#", "50% off",
            "path /usr/local/bin", "a+b=c", "-5 degrees", "www.example.com", "C#");
    private final Store store;

    CatalogTsvectorTest(Store store) {
        this.store = store;
    }

    @Test
    void client_tsvector_equals_to_tsvector_simple_for_plain_text_in_every_field() throws SQLException {
        for (String text : PLAIN) {
            for (int field = 0; field < 4; field++) {
                assertSame(entry(text, field));
            }
            assertSame(new IndexEntry(text, text, text, List.of(text, "tag"), null, null, Map.of()));
        }
    }

    @Test
    void client_declines_text_the_parser_might_split_otherwise_and_the_server_builds_it() throws SQLException {
        for (String text : DECLINED) {
            IndexEntry e = new IndexEntry("title " + text, "", "", List.of(), null, null, Map.of());
            assertNull(TsvectorText.build(e), text);
        }
        // even where the client declines, what it would have said for the plain part is the server's
        assertSame(new IndexEntry("Title words", "a description", "the body", List.of("one", "two"), null, null, Map.of()));
    }

    @Test
    void repeated_words_past_the_per_lexeme_limit_and_very_long_texts_go_to_the_server() {
        assertNull(TsvectorText.build(new IndexEntry("", "", "same ".repeat(300), List.of(), null, null, Map.of())));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 17_000; i++) {
            many.append('w').append(i).append(' ');
        }
        assertNull(TsvectorText.build(new IndexEntry("", "", many.toString(), List.of(), null, null, Map.of())));
        assertNotNull(TsvectorText.build(new IndexEntry("", "", "same ".repeat(250), List.of(), null, null, Map.of())));
    }

    private static IndexEntry entry(String text, int field) {
        return new IndexEntry(field == 0 ? text : "t", field == 2 ? text : "", field == 3 ? text : "body",
                field == 1 ? List.of(text) : List.of(), null, null, Map.of());
    }

    private void assertSame(IndexEntry e) throws SQLException {
        String client = TsvectorText.build(e);
        assertNotNull(client, e.toString());
        String expr = String.format(TsvectorText.SERVER_EXPRESSION, "'simple'::regconfig", "?", "?", "?", "?");
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ?::tsvector = (" + expr + "), ?::tsvector::text, (" + expr + ")::text")) {
            int i = 1;
            for (int round = 0; round < 2; round++) {
                ps.setString(i++, client);
                ps.setString(i++, e.title());
                ps.setString(i++, String.join(" ", e.tags()));
                ps.setString(i++, e.description());
                ps.setString(i++, e.body());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getBoolean(1), "client " + rs.getString(2) + " vs server " + rs.getString(3) + " for " + e);
                assertEquals(rs.getString(3), rs.getString(2));
            }
        }
    }
}
