package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.TxInfo;
import nightshift.store.catalog.Catalog;
import nightshift.store.catalog.Hit;
import nightshift.store.catalog.Query;
import nightshift.store.content.Document;
import nightshift.store.content.Folder;
import nightshift.store.content.NewsItem;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The create job through the runner: one object, bulk files, conversions, refusals. Tests use their own folders. */
@ExtendWith(StoreExtension.class)
class CreateJobTest {
    private final Store store;
    private final JobCatalog jobs = JobCatalog.load(getClass().getClassLoader());
    @TempDir
    Path dir;

    CreateJobTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void users(Store store) {
        TestSite.editorAndReader(store);
    }

    private RunResult create(String user, String... args) {
        return JobRunner.create(store).build().run(JobParameters.request(jobs.find("create"), user, args));
    }

    private void folder(String path, String... allowed) {
        try (Session s = store.openSession()) {
            s.create(s.root(), path.substring(1), Folder.titled(path).withAllowedTypes(List.of(allowed)));
            s.commit(TxInfo.system("folder"));
        }
    }

    private boolean exists(String path) {
        try (Session s = store.openSession()) {
            return s.exists(path);
        }
    }

    private Node node(String path) {
        try (Session s = store.openSession()) {
            return s.get(path);
        }
    }

    private static BadParameterException badParameter(RunResult r) {
        assertEquals(RunStatus.FAILED, r.status(), r.describe());
        return assertInstanceOf(BadParameterException.class, r.failure().orElseThrow(), r.describe());
    }

    @Test
    void creates_one_object_owned_by_the_run_user_with_converted_fields_and_indexes_it() throws Exception {
        folder("/one");
        Files.writeString(dir.resolve("body.txt"), "body from a file");
        RunResult r = create("editor", "--in", "/one", "--type", "NewsItem", "--name", "hello",
                "--set", "title=Hello", "--set", "tags=a, b,c", "--set", "published=2024-05-01T10:00:00Z",
                "--set", "body=@" + dir.resolve("body.txt"));
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        Node n = node("/one/hello");
        assertEquals("editor", n.owner());
        NewsItem item = n.object(NewsItem.class);
        assertEquals("Hello", item.title());
        assertEquals(List.of("a", "b", "c"), item.tags());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), item.published());
        assertEquals("body from a file", item.body());
        assertTrue(item.created() != null && item.modified() != null);
        List<String> hits = Catalog.of(store).search(Query.builder().path("/one").text("file").build())
                .hits().stream().map(Hit::path).toList();
        assertEquals(List.of("/one/hello"), hits, "searchable at once, without a reindex");
    }

    @Test
    void the_title_defaults_to_the_name_and_a_full_class_name_works() {
        folder("/full");
        RunResult r = create("editor", "--in", "/full", "--type", Document.class.getName(), "--name", "plain");
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertEquals("plain", node("/full/plain").object(Document.class).title());
    }

    @Test
    void an_unknown_field_fails_naming_the_field_and_its_known_fields() {
        folder("/unknown");
        BadParameterException e = badParameter(create("editor", "--in", "/unknown", "--type", "Document", "--name", "x",
                "--set", "colour=red"));
        assertEquals("colour", e.parameter());
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("body"), e.getMessage());
        assertFalse(exists("/unknown/x"));
    }

    @Test
    void a_bad_value_fails_naming_the_field_and_what_was_expected() {
        folder("/badvalue");
        BadParameterException e = badParameter(create("editor", "--in", "/badvalue", "--type", "NewsItem", "--name", "x",
                "--set", "published=yesterday"));
        assertEquals("published", e.parameter());
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }

    @Test
    void an_unknown_type_fails_listing_the_known_types() {
        folder("/notype");
        BadParameterException e = badParameter(create("editor", "--in", "/notype", "--type", "Recipe", "--name", "x"));
        assertTrue(e.getMessage().contains("Recipe") && e.getMessage().contains("Document"), e.getMessage());
    }

    @Test
    void a_folder_that_allows_only_some_types_refuses_others() {
        folder("/newsonly", "NewsItem");
        BadParameterException e = badParameter(create("editor", "--in", "/newsonly", "--type", "Document", "--name", "d"));
        assertTrue(e.getMessage().contains("allows only NewsItem"), e.getMessage());
        assertEquals(RunStatus.SUCCEEDED, create("editor", "--in", "/newsonly", "--type", "NewsItem", "--name", "n").status());
        assertFalse(exists("/newsonly/d"));
        assertTrue(exists("/newsonly/n"));
    }

    @Test
    void a_folder_written_before_allowed_types_existed_allows_every_type() {
        Folder old = new Folder("t", "d");
        assertTrue(old.allows(Document.class) && old.allowedTypes().isEmpty());
        assertTrue(new Folder("t", "d", null).allows(NewsItem.class));
    }

    @Test
    void a_user_without_add_content_is_refused() {
        folder("/refused");
        RunResult r = create("reader", "--in", "/refused", "--type", "Document", "--name", "x");
        assertEquals(RunStatus.FAILED, r.status(), r.describe());
        assertEquals("AccessDeniedException", r.failure().orElseThrow().getClass().getSimpleName());
    }

    @Test
    void bulk_create_from_jsonl_creates_every_line_in_one_transaction() throws Exception {
        folder("/bulkjson");
        Path file = dir.resolve("items.jsonl");
        Files.writeString(file, """
                {"type": "Document", "name": "a", "title": "A", "tags": ["x", "y"]}

                {"type": "NewsItem", "name": "b", "published": "2024-01-02", "body": null}
                """);
        RunResult r = create("editor", "--in", "/bulkjson", "--from", file.toString());
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        assertEquals(List.of("x", "y"), node("/bulkjson/a").object(Document.class).tags());
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), node("/bulkjson/b").object(NewsItem.class).published());
        assertEquals(node("/bulkjson/a").tid(), node("/bulkjson/b").tid(), "one transaction");
    }

    @Test
    void bulk_create_from_csv_reads_quoted_fields() throws Exception {
        folder("/bulkcsv");
        Path file = dir.resolve("items.csv");
        Files.writeString(file, "type,name,title,body\nDocument,a,\"Hello, world\",\"say \"\"hi\"\"\"\nDocument,b,,\"two\nlines\"\n");
        RunResult r = create("editor", "--in", "/bulkcsv", "--from", file.toString());
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        Document a = node("/bulkcsv/a").object(Document.class);
        assertEquals("Hello, world", a.title());
        assertEquals("say \"hi\"", a.body());
        Document b = node("/bulkcsv/b").object(Document.class);
        assertEquals("b", b.title(), "an empty field is not set: the title defaults to the name");
        assertEquals("two\nlines", b.body());
    }

    @Test
    void bulk_create_is_all_or_nothing_and_names_the_first_bad_line() throws Exception {
        folder("/bulkbad");
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"type": "Document", "name": "ok1"}
                {"type": "Document", "name": "ok2"}
                {"type": "NewsItem", "name": "bad", "published": "not a date"}
                {"type": "Document", "name": "after"}
                """);
        BadParameterException e = badParameter(create("editor", "--in", "/bulkbad", "--from", file.toString()));
        assertEquals("bad.jsonl:3", e.parameter());
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("published"), e.getMessage());
        assertFalse(exists("/bulkbad/ok1"));
        assertFalse(exists("/bulkbad/ok2"));
    }

    @Test
    void bulk_create_reports_the_line_of_a_csv_record_with_the_wrong_number_of_fields() throws Exception {
        folder("/csvbad");
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "type,name\nDocument,a\nDocument,b,extra\n");
        BadParameterException e = badParameter(create("editor", "--in", "/csvbad", "--from", file.toString()));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertFalse(exists("/csvbad/a"));
    }

    @Test
    void a_missing_input_file_fails_naming_the_file_and_the_option() {
        folder("/nofile");
        RunResult r = create("editor", "--in", "/nofile", "--from", dir.resolve("absent.jsonl").toString());
        assertEquals(RunStatus.FAILED, r.status(), r.describe());
        NoSuchInputException e = assertInstanceOf(NoSuchInputException.class, r.failure().orElseThrow(), r.describe());
        assertEquals(dir.resolve("absent.jsonl"), e.file());
        assertEquals("--from", e.option());
    }

    @Test
    void bulk_create_of_100000_lines_streams_the_file() throws Exception {
        folder("/bulkbig");
        Path file = dir.resolve("big.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 100_000; i++) {
                w.write("{\"type\":\"Document\",\"name\":\"d" + i + "\",\"body\":\"body number " + i + "\"}\n");
            }
        }
        long t0 = System.nanoTime();
        RunResult r = create("editor", "--in", "/bulkbig", "--from", file.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RunStatus.SUCCEEDED, r.status(), r.describe());
        System.out.printf("bulk create: 100000 lines in %d ms (%.0f objects/s)%n", ms, 100_000 * 1000.0 / ms);
        assertTrue(exists("/bulkbig/d99999"));
    }
}
