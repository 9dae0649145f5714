package nightshift.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nightshift.jobs.internal.NoopJob;
import nightshift.jobs.testjobs.SleepJob;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which job types declare parameters, so that the command line builds a job's command only when it has one. */
class JobParametersTest {
    @Test
    void a_job_without_picocli_annotations_declares_none() {
        assertFalse(JobParameters.declared(NoopJob.class));
        assertFalse(JobParameters.declared(Plain.class), "other annotations are not parameters");
    }

    @Test
    void options_and_parameters_on_fields_methods_or_the_class_are_declared() {
        assertTrue(JobParameters.declared(SleepJob.class));
        assertTrue(JobParameters.declared(WithParameters.class));
        assertTrue(JobParameters.declared(WithSetter.class));
        assertTrue(JobParameters.declared(WithCommand.class));
    }

    @Test
    void a_superclass_s_options_are_declared_by_its_subclasses() {
        assertTrue(JobParameters.declared(Inherits.class));
        assertEquals("7", JobParameters.parse(new JobDescriptor("inherits", "", Inherits.class), "--limit", "7").toString());
    }

    static class Plain implements Job {
        @Deprecated
        int unused;

        @Override
        public void run(JobContext ctx) {
        }
    }

    public static class WithParameters implements Job {
        @Parameters
        String path;

        @Override
        public void run(JobContext ctx) {
        }
    }

    public static class WithSetter implements Job {
        @Option(names = "--size")
        void size(int size) {
        }

        @Override
        public void run(JobContext ctx) {
        }
    }

    @Command(mixinStandardHelpOptions = true)
    public static class WithCommand implements Job {
        @Override
        public void run(JobContext ctx) {
        }
    }

    public abstract static class Limited implements Job {
        @Option(names = "--limit")
        int limit;

        @Override
        public String toString() {
            return Integer.toString(limit);
        }
    }

    public static class Inherits extends Limited {
        @Override
        public void run(JobContext ctx) {
        }
    }
}
