package nightshift.cli;

import java.lang.reflect.Field;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.PicocliException;

/**
 * Options and parameters declared in code, bound to a command's fields as picocli's annotations would bind them: for
 * the commands a cron run parses (the root, {@code run} and {@code script}). picocli reads annotations through the
 * JDK's annotation parser, which generates a proxy class for each annotation type in every new JVM, and scans every
 * method of a command class for subcommands; declared in code, the same model spares {@code nightshift run} both,
 * which were a large part of its start before the first connection. The other commands keep their annotations:
 * their runs are rarer, and their model is built only when named.
 */
final class DeclaredOptions {
    private DeclaredOptions() {
    }

    /**
     * An option bound to {@code command}'s field {@code field}, of type {@code type}: each parse starts from the field's
     * value now, as with annotations.
     */
    static OptionSpec.Builder option(Object command, String field, Class<?> type, String... names) {
        FieldBinding binding = new FieldBinding(command, field);
        return OptionSpec.builder(names).type(type).getter(binding).setter(binding).initialValue(binding.get());
    }

    /** A positional parameter at {@code index}, of {@code arity}, bound to {@code command}'s field {@code field}. */
    static PositionalParamSpec.Builder positional(Object command, String field, Class<?> type, String index, String arity) {
        FieldBinding binding = new FieldBinding(command, field);
        return PositionalParamSpec.builder().index(index).arity(arity).type(type).getter(binding).setter(binding)
                .initialValue(binding.get());
    }

    /** {@code -h} and {@code --version}, as {@code mixinStandardHelpOptions} adds them (which reads annotations). */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    }

    /** A field of a command object. The commands' fields are package-private, so no access check needs lifting. */
    private static final class FieldBinding implements IGetter, ISetter {
        private final Object command;
        private final Field field;

        FieldBinding(Object command, String name) {
            this.command = command;
            try {
                this.field = command.getClass().getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(command.getClass().getName() + " has no field " + name, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            try {
                return (T) field.get(command);
            } catch (IllegalAccessException e) {
                throw new PicocliException("cannot read " + field, e);
            }
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            try {
                field.set(command, value);
            } catch (IllegalAccessException e) {
                throw new PicocliException("cannot set " + field, e);
            }
            return old;
        }
    }
}
