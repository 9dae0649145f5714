package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.List;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Names that look alike are alike: nothing invisible, nothing that is not a character, one normal form. */
@ExtendWith(StoreExtension.class)
class NameRulesTest {
    private final Store store;

    NameRulesTest(Store store) {
        this.store = store;
    }

    private Node folder(Session s, String name) {
        Node f = s.create(s.root(), name, Folder.titled(name));
        s.commit(TxInfo.of("setup"));
        return s.get("/" + name);
    }

    @Test
    void invisible_and_broken_characters_are_refused_with_their_code_point() {
        List<String> hostile = List.of(
                "half\uD800pair",          // an unpaired high surrogate: stored as '?' by the driver
                "low\uDC00first",          // an unpaired low surrogate
                "c1\u0085control",         // NEL, a C1 control
                "c1\u009Bcsi",             // CSI, a C1 control
                "invoice\u202Efdp.exe",    // right-to-left override
                "isolate\u2066x\u2069",    // left-to-right isolate
                "mark\u200Fx",             // right-to-left mark
                "zero\u200Bwidth",         // zero-width space
                "zero\u200Djoiner",        // zero-width joiner
                "bom\uFEFFinside",         // zero-width no-break space
                "line\u2028separator",
                "non\uFFFEcharacter",
                "tab\tinside");
        try (Session s = store.openSession()) {
            Node f = folder(s, "hostile");
            for (String name : hostile) {
                InvalidNameException e = assertThrows(InvalidNameException.class,
                        () -> s.create(f, name, Document.of("x", "")), name);
                assertTrue(e.getMessage().contains("U+"), e.getMessage());
                assertTrue(e.getMessage().chars().noneMatch(c -> c >= 0x80 && c <= 0x9f || c == 0x202E || c == 0x200B),
                        "the message shows the name without its invisible characters: " + e.getMessage());
                assertThrows(InvalidNameException.class, () -> s.move(s.get("/hostile"), s.root(), name), name);
                assertThrows(InvalidNameException.class, () -> s.get("/hostile/" + name), name);
            }
            assertFalse(s.hasChanges());
        }
    }

    @Test
    void names_are_stored_in_normal_form_c_and_found_by_either_form() {
        String composed = "caf\u00e9";           // é as one character
        String decomposed = "cafe\u0301";        // e and a combining acute accent
        assertEquals(composed, Normalizer.normalize(decomposed, Normalizer.Form.NFC));
        try (Session s = store.openSession()) {
            Node f = folder(s, "nfc");
            Node made = s.create(f, decomposed, Document.of("coffee", ""));
            assertEquals(composed, made.name());
            assertThrows(NameTakenException.class, () -> s.create(f, composed, Document.of("again", "")));
            s.commit(TxInfo.of("made"));
            assertEquals(composed, s.get("/nfc/" + decomposed).name());
            assertEquals(composed, s.get("/nfc/" + composed).name());
            assertEquals("/nfc/" + composed, s.get("/nfc/" + decomposed).path());
            assertThrows(NameTakenException.class, () -> {
                s.create(f, composed, Document.of("again", ""));
                s.commit(TxInfo.of("clash"));
            });
            s.abort();
            Node moved = s.move(s.get("/nfc/" + composed), f, "cre\u0300me");
            assertEquals("cr\u00e8me", moved.name());
        }
    }

    @Test
    void ordinary_names_in_any_script_are_accepted() {
        List<String> fine = List.of("Ελληνικά", "日本語のページ", "עברית", "العربية", "emoji 🎉 party", "naïve café", "x");
        try (Session s = store.openSession()) {
            Node f = folder(s, "scripts");
            for (String name : fine) {
                s.create(f, name, Document.of(name, ""));
            }
            s.commit(TxInfo.of("scripts"));
            for (String name : fine) {
                assertEquals(name, s.get("/scripts/" + name).name());
            }
        }
    }
}
