package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import nightshift.jobs.testjobs.CreateDocsJob;
import nightshift.store.testing.Compiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobCatalogTest {
    private final JobCatalog catalog = JobCatalog.load(getClass().getClassLoader());

    @Test
    void jobs_are_found_by_name_through_service_loader_and_by_class_name() {
        assertEquals("noop", catalog.find("noop").name());
        assertEquals(CreateDocsJob.class, catalog.find("create-docs").type());
        assertEquals(CreateDocsJob.class, catalog.find(CreateDocsJob.class.getName()).type());
        assertTrue(catalog.jobs().stream().anyMatch(j -> j.name().equals("noop")));
    }

    @Test
    void an_unknown_job_lists_the_known_ones() {
        NoSuchJobException e = assertThrows(NoSuchJobException.class, () -> catalog.find("reindx"));
        assertTrue(e.getMessage().contains("noop") && e.getMessage().contains("nightshift jobs"), e.getMessage());
        assertThrows(InvalidJobException.class, () -> catalog.find(String.class.getName()));
    }

    @Test
    void job_parameters_are_picocli_options_and_bad_ones_are_usage_errors() {
        JobDescriptor d = catalog.find("create-docs");
        CreateDocsJob job = (CreateDocsJob) JobParameters.parse(d, "--count", "9");
        assertTrue(JobParameters.command("create-docs", job).getUsageMessage().contains("--count"));
        assertThrows(CommandLine.ParameterException.class, () -> JobParameters.parse(d, "--count", "lots"));
        assertThrows(CommandLine.ParameterException.class, () -> JobParameters.parse(catalog.find("noop"), "--anything"));
    }

    @Test
    void jars_in_a_lib_directory_add_jobs(@TempDir Path lib) throws Exception {
        ClassLoader compiled = Compiler.compile(Map.of("acme.HelloJob", String.join("\n",
                "package acme;",
                "@nightshift.jobs.JobInfo(name = \"hello\", summary = \"says hello\")",
                "public class HelloJob implements nightshift.jobs.Job {",
                "  public void run(nightshift.jobs.JobContext ctx) { ctx.note(\"hello\"); }",
                "}")));
        Path classes = Path.of(((java.net.URLClassLoader) compiled).getURLs()[0].toURI());
        try (OutputStream file = Files.newOutputStream(lib.resolve("acme.jar")); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("acme/HelloJob.class"));
            jar.write(Files.readAllBytes(classes.resolve("acme/HelloJob.class")));
            jar.putNextEntry(new JarEntry("META-INF/services/nightshift.jobs.Job"));
            jar.write("acme.HelloJob\n".getBytes());
        }
        JobCatalog withLib = JobCatalog.load(JobCatalog.withLibraries(lib, getClass().getClassLoader()));
        assertEquals("says hello", withLib.find("hello").summary());
        assertEquals("noop", withLib.find("noop").name(), "built-in jobs are still there");
        assertThrows(JobException.class, () -> JobCatalog.withLibraries(lib.resolve("missing"), getClass().getClassLoader()));
    }
}
