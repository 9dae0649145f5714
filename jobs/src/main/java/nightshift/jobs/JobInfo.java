package nightshift.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The name a job is run by ({@code nightshift run NAME}) and the one line {@code nightshift jobs} shows for it. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobInfo {
    /** Lower-case words joined by dashes, like {@code reindex} or {@code build-sitemap}. */
    String name();

    String summary();
}
