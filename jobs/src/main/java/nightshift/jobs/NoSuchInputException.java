package nightshift.jobs;

import java.nio.file.Path;

/** A file a job was told to read does not exist: an archive to import, a bulk input, a template directory. Exit 66. */
public class NoSuchInputException extends JobException {
    private final Path file;
    private final String option;

    /**
     * @param what   what the file should have been ("the archive")
     * @param option the option that named it ({@code --in})
     * @param hint   what to do, after a semicolon in the message
     */
    public NoSuchInputException(String what, Path file, String option, String hint) {
        super(what + " " + file + " (" + option + ") does not exist; " + hint);
        this.file = file;
        this.option = option;
    }

    /** The file that does not exist. */
    public Path file() {
        return file;
    }

    /** The option that named it. */
    public String option() {
        return option;
    }

    @Override
    public int exitCode() {
        return NO_INPUT;
    }
}
