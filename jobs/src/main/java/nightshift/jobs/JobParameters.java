package nightshift.jobs;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A job's parameters are its picocli {@code @Option} and {@code @Parameters} fields; a job without any takes no
 * arguments. This is where arguments are put into a job instance, the same way for the command line, the
 * scheduler and tests.
 */
public final class JobParameters {
    private JobParameters() {
    }

    /** The picocli command of a job instance, named after the job (for parsing and for usage help). */
    public static CommandLine command(String name, Job job) {
        CommandSpec spec = CommandSpec.forAnnotatedObjectLenient(job);
        spec.name(name);
        return new CommandLine(spec);
    }

    /**
     * Whether {@code type} declares parameters: a picocli annotation on it, or on a field or method of it or of a
     * superclass short of the JDK's. A job that declares none takes no arguments, and its command need not be built:
     * picocli's own scan reads the annotations of every method up to {@code Object}'s, and the JDK generates a proxy
     * class for each annotation type it meets there ({@code IntrinsicCandidate}, {@code Deprecated}...), a few
     * milliseconds of every run's start.
     */
    public static boolean declared(Class<?> type) {
        for (Class<?> c = type; c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            if (picocli(c.getDeclaredAnnotations())) {
                return true;
            }
            for (Field f : c.getDeclaredFields()) {
                if (picocli(f.getDeclaredAnnotations())) {
                    return true;
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (picocli(m.getDeclaredAnnotations())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean picocli(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().startsWith("picocli.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets {@code args} into a fresh instance of the job; picocli's {@code ParameterException} (a user mistake:
     * an unknown option, a bad value) when they do not fit.
     */
    public static Job parse(JobDescriptor job, String... args) {
        Job instance = job.newInstance();
        command(job.name(), instance).parseArgs(args);
        return instance;
    }

    /** A request whose every attempt gets a fresh instance with these arguments (checked now, once). */
    public static RunRequest request(JobDescriptor job, String user, String... args) {
        parse(job, args);
        return RunRequest.builder(job.name(), () -> parse(job, args), user).parameters(String.join(" ", args)).build();
    }
}
