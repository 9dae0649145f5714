package nightshift.cli;

/** A setting that cannot work (a bad value in the properties file or the environment): exit 78. */
public class ConfigException extends CommandException {
    public ConfigException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return CONFIG;
    }
}
