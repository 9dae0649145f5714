package nightshift.cron;

import java.util.List;
import java.util.stream.Collectors;

/** A schedule file with errors: every one of them, each with its line number. */
public final class ScheduleException extends CronException {
    private static final long serialVersionUID = 1L;

    /** One error: the file's name, the line (1-based) and what is wrong there. */
    public record LineError(String source, int line, String message) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + message;
        }
    }

    private final transient List<LineError> errors;

    public ScheduleException(List<LineError> errors) {
        super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in the schedule: "
                + errors.stream().map(LineError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<LineError> errors() {
        return errors;
    }

    @Override
    public int exitCode() {
        return DATA;
    }
}
