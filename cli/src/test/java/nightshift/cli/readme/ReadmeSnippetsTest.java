package nightshift.cli.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nightshift.jobs.RunResult;
import nightshift.jobs.RunStatus;
import nightshift.security.PrincipalDirectory;
import nightshift.security.Role;
import nightshift.store.Node;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.StoreConfig;
import nightshift.store.TxInfo;
import nightshift.store.content.Folder;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's Java is compiled: each {@code ```java} block is marked {@code <!-- snippet: NAME -->} and equals, up
 * to indentation, the regions of this package's sources between {@code // tag::NAME[]} and {@code // end::NAME[]}
 * (several regions of a name are joined: the imports, then the code), or the whole file NAME when it is a path. A
 * snippet that stops compiling fails the build; one edited in the README alone fails here. Where it is cheap, the
 * snippet's code also runs against the test store.
 */
@ExtendWith(StoreExtension.class)
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SOURCES = Path.of("src/test/java/nightshift/cli/readme");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->");
    private static final Pattern TAG = Pattern.compile("// (tag|end)::([\\w-]+)\\[\\]");

    private final Store store;

    ReadmeSnippetsTest(Store store) {
        this.store = store;
    }

    @Test
    void every_java_block_of_the_readme_equals_the_compiled_snippet_it_names() throws IOException {
        Map<String, String> snippets = snippets();
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        Set<String> used = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).equals("```java")) {
                continue;
            }
            Matcher marker = i > 0 ? MARKER.matcher(readme.get(i - 1)) : null;
            int end = i + 1;
            while (!readme.get(end).equals("```")) {
                end++;
            }
            String block = String.join("\n", readme.subList(i + 1, end));
            if (marker == null || !marker.matches()) {
                problems.add("README.md:" + (i + 1) + ": a ```java block without a <!-- snippet: NAME --> line above it");
                continue;
            }
            String name = marker.group(1);
            used.add(name);
            String snippet = name.contains("/") ? Files.readString(ROOT.resolve(name)).stripTrailing() : snippets.get(name);
            if (snippet == null) {
                problems.add("README.md:" + (i + 1) + ": no snippet '" + name + "' in " + SOURCES);
            } else if (!snippet.equals(block)) {
                problems.add("README.md:" + (i + 1) + ": the block differs from the snippet '" + name + "'; the"
                        + " snippet is:\n" + snippet + "\n--- the README has:\n" + block);
            }
        }
        Set<String> unused = new LinkedHashSet<>(snippets.keySet());
        unused.removeAll(used);
        assertTrue(problems.isEmpty(), String.join("\n\n", problems));
        assertTrue(unused.isEmpty(), "snippets the README does not show: " + unused);
        assertTrue(used.size() >= 10, "the README's blocks are checked: " + used);
    }

    /** Each tag's regions, each without its common indentation, joined in file order. */
    private static Map<String, String> snippets() throws IOException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.sorted().toList()) {
                String open = null;
                List<String> region = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    Matcher tag = TAG.matcher(line.strip());
                    if (tag.matches() && tag.group(1).equals("tag")) {
                        open = tag.group(2);
                        region.clear();
                    } else if (tag.matches()) {
                        assertEquals(open, tag.group(2), file + ": end::" + tag.group(2) + " closes no open tag");
                        lines.computeIfAbsent(open, k -> new ArrayList<>()).addAll(dedent(region));
                        open = null;
                    } else if (open != null) {
                        region.add(line);
                    }
                }
                assertEquals(null, open, file + ": tag::" + open + " is never ended");
            }
        }
        Map<String, String> snippets = new LinkedHashMap<>();
        lines.forEach((name, text) -> snippets.put(name, String.join("\n", text)));
        return snippets;
    }

    private static List<String> dedent(List<String> region) {
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    /** The folders the snippets name, those missing (the store is the test class's). */
    private void tree(String... paths) {
        try (Session s = store.openSession()) {
            for (String path : paths) {
                if (s.exists(path)) {
                    continue;
                }
                int slash = path.lastIndexOf('/');
                s.create(s.get(slash == 0 ? "/" : path.substring(0, slash)), path.substring(slash + 1), Folder.titled(path));
            }
            s.commit(TxInfo.of("test"));
        }
    }

    @Test
    void the_security_snippets_give_bob_his_roles_and_let_him_create_in_the_news() {
        tree("/site", "/site/news", "/site/news/embargo", "/site/archive");
        Principals.setUp(store);
        PrincipalDirectory dir = PrincipalDirectory.of(store);
        assertTrue(dir.find("bob").orElseThrow().disabled(), "the snippet disables bob at its end");
        dir.enable("bob");
        ActingAsBob.createHello(store, "run-1");
        try (Session s = store.openSession()) {
            Node hello = s.get("/site/news/hello");
            assertEquals("bob", hello.owner());
            assertTrue(dir.localRoles(s.get("/site/news")).get("newsdesk").contains(Role.EDITOR));
        }
    }

    @Test
    void the_job_snippets_run_the_job_as_a_user() {
        tree("/site", "/site/news");
        PrincipalDirectory.of(store).addUser("editor", "Editor");
        PrincipalDirectory.of(store).grant("editor", Role.EDITOR);
        RunResult result = RunFromJava.archive(store);
        assertEquals(RunStatus.SUCCEEDED, result.status(), result::describe);
        assertTrue(result.note().matches("archived \\d+"), result.note()); // a step for each child of /site/news
    }

    @Test
    void the_commit_hook_snippets_commit_their_statements_with_the_session() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit (tid bigint, what text)");
            st.execute("CREATE TABLE lease (holder text)");
            st.execute("INSERT INTO lease VALUES ('node-1')");
        }
        long hooked;
        long statementsOnly;
        try (Session s = store.openSession()) {
            s.create(s.root(), "hooked", Folder.titled("hooked"));
            hooked = AuditHook.commit(s, TxInfo.of("test"), "node-1", 42);
            s.create(s.root(), "statements", Folder.titled("statements"));
            statementsOnly = AuditHook.auditOnly(s, TxInfo.of("test"));
        }
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT tid FROM audit ORDER BY tid")) {
            List<Long> tids = new ArrayList<>();
            while (rs.next()) {
                tids.add(rs.getLong(1));
            }
            assertEquals(List.of(hooked, statementsOnly), tids);
        }
    }

    @Test
    void the_search_and_folder_snippets_run() {
        tree("/site", "/site/news");
        assertTrue(CatalogSearch.search(store, Instant.EPOCH).hits().isEmpty(), "nothing is indexed yet");
        assertEquals(List.of("NewsItem"), FolderTypes.news().allowedTypes());
    }

    @Test
    void the_embedded_server_snippet_makes_a_config_for_the_running_server() {
        if (System.getProperty("nightshift.test.url") != null) {
            return; // the tests run on a PostgreSQL of their own: no embedded server to attach to
        }
        TestServer.get();
        StoreConfig config = EmbeddedStore.config(TestServer.directory());
        assertTrue(config.url().startsWith(TestServer.get().baseUrl()), config.url());
    }
}
