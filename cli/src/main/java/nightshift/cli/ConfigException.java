package nightshift.cli;

/** A setting that cannot work (a bad value in the properties file or the environment): exit 78. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
