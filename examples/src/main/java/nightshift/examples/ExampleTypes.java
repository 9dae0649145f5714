package nightshift.examples;

import java.util.List;
import nightshift.store.spi.TypeProvider;

/** Registers the examples' content types with every store opened with this jar on the class path. */
public final class ExampleTypes implements TypeProvider {
    @Override
    public List<Class<?>> types() {
        return List.of(Event.class);
    }
}
