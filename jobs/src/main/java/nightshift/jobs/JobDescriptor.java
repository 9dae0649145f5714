package nightshift.jobs;

import java.lang.reflect.InvocationTargetException;

/** A job the catalog knows: its name, its one-line summary and its class. */
public record JobDescriptor(String name, String summary, Class<? extends Job> type) {
    /** A fresh instance, with its parameters at their defaults. */
    public Job newInstance() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new InvalidJobException("job class " + type.getName() + " failed in its constructor: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new InvalidJobException("job class " + type.getName() + " needs a public no-argument constructor", e);
        }
    }
}
