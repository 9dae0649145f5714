package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import nightshift.security.SecureSession;
import nightshift.store.Session;
import nightshift.store.Store;
import nightshift.store.catalog.Catalog;
import nightshift.store.content.Document;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A job works inside its run's transaction: it cannot end it, close it, or reach the run's connection or store. */
@ExtendWith(StoreExtension.class)
class JobSessionTest {
    private final Store store;

    JobSessionTest(Store store) {
        this.store = store;
    }

    @BeforeAll
    static void site(Store store) {
        TestSite.editorAndSite(store);
    }

    /** Runs a job that stages a document named {@code name}, then does {@code then} with its session. */
    private RunResult stageThen(String name, Consumer<SecureSession> then) {
        Job job = ctx -> {
            ctx.session().create(ctx.session().get("/site"), name, Document.of(name, ""));
            then.accept(ctx.session());
        };
        return JobRunner.create(store).build().run(RunRequest.of("escape-" + name, () -> job, "editor"));
    }

    private void refusedAndNothingCommitted(String name, RunResult result) {
        assertEquals(RunStatus.FAILED, result.status(), result.describe());
        assertInstanceOf(IllegalStateException.class, result.error());
        RunRecord record = RunHistory.of(store).find(result.runId()).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertTrue(record.error().contains("the runner commits when run() returns"), record.error());
        try (Session s = store.openSession()) {
            assertFalse(s.exists("/site/" + name), "the job's write was committed");
        }
    }

    @Test
    void a_job_that_commits_its_session_is_refused_and_nothing_commits() {
        refusedAndNothingCommitted("committed", stageThen("committed", SecureSession::commit));
    }

    @Test
    void a_job_that_commits_with_its_own_record_is_refused_too() {
        refusedAndNothingCommitted("recorded", stageThen("recorded", s -> s.commit(s.txInfo().withNote("mine"))));
    }

    @Test
    void a_job_that_aborts_its_session_is_refused_and_nothing_commits() {
        refusedAndNothingCommitted("aborted", stageThen("aborted", SecureSession::abort));
    }

    @Test
    void a_job_that_closes_its_session_is_refused_and_the_runner_still_ends_the_run() {
        RunResult result = stageThen("closed", SecureSession::close);
        refusedAndNothingCommitted("closed", result);
        RunResult next = JobRunner.create(store).build().run(RunRequest.of("after-close",
                () -> ctx -> ctx.session().create(ctx.session().get("/site"), "after-close", Document.of("ok", "")), "editor"));
        assertEquals(RunStatus.SUCCEEDED, next.status(), next.describe());
    }

    @Test
    void a_job_that_catches_the_refusal_still_commits_only_through_the_runner() {
        RunResult result = stageThen("caught", s -> {
            try {
                s.commit();
            } catch (IllegalStateException refused) {
                // carries on: the runner commits when run() returns
            }
        });
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        assertEquals(1, result.changes().created());
        try (Session s = store.openSession()) {
            assertTrue(s.exists("/site/caught"));
        }
    }

    /**
     * From what a job is handed (its context, session, catalog, batch and the session's policy), no public method of
     * a public class leads, by its return type, to the store, a catalog of the store, a data source or a connection.
     */
    @Test
    void nothing_public_a_job_is_handed_leads_to_the_runs_connection_or_the_store() {
        List<Class<?>> handed = new ArrayList<>();
        Job looking = ctx -> {
            handed.add(ctx.getClass());
            handed.add(ctx.session().getClass());
            handed.add(ctx.catalog().getClass());
            handed.add(ctx.catalog().batch().getClass());
            handed.add(ctx.session().policy().getClass());
            handed.add(ctx.progress(0).getClass());
            handed.add(ctx.session().root().getClass());
        };
        RunResult result = JobRunner.create(store).build().run(RunRequest.of("looking", () -> looking, "editor"));
        assertEquals(RunStatus.SUCCEEDED, result.status(), result.describe());
        Set<Class<?>> forbidden = Set.of(Store.class, Catalog.class, DataSource.class, Connection.class);
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(handed);
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!seen.add(type) || !Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                for (Class<?> returned : types(m.getGenericReturnType())) {
                    assertFalse(forbidden.stream().anyMatch(f -> f.isAssignableFrom(returned)),
                            type.getName() + "." + m.getName() + "() returns " + returned.getName());
                    if (returned.getName().startsWith("nightshift.")) {
                        todo.push(returned);
                    }
                }
            }
        }
    }

    private static List<Class<?>> types(Type type) {
        List<Class<?>> found = new ArrayList<>();
        if (type instanceof Class<?> c) {
            found.add(c);
        } else if (type instanceof ParameterizedType p) {
            found.addAll(types(p.getRawType()));
            for (Type argument : p.getActualTypeArguments()) {
                found.addAll(types(argument));
            }
        }
        return found;
    }
}
