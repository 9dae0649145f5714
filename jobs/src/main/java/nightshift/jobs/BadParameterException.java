package nightshift.jobs;

/**
 * A job's input that cannot be used: an unknown type or field, a value that does not convert, a type the target
 * folder does not allow, a bad line of an input file. The command maps it to exit 65 (bad input data).
 */
public class BadParameterException extends JobException {
    private final String parameter;

    /** @param parameter what was bad: a field name, an option, or {@code file:line} */
    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public BadParameterException(String parameter, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
    }

    /** The field, option or input line that was bad. */
    public String parameter() {
        return parameter;
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
