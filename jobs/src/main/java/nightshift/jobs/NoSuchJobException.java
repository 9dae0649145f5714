package nightshift.jobs;

import java.util.List;

/** No job by that name, and no class by that name implementing {@link Job}. */
public class NoSuchJobException extends JobException {
    private final String name;

    public NoSuchJobException(String name, List<String> known) {
        super("no job '" + name + "' (known: " + String.join(", ", known) + "); `nightshift jobs` lists them,"
                + " a job class can also be named by its fully qualified class name");
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public int exitCode() {
        return USAGE;
    }
}
