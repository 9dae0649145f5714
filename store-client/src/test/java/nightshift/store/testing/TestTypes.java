package nightshift.store.testing;

import java.util.List;
import nightshift.store.spi.TypeProvider;

/** Registers the test suite's own types the way an application does: through META-INF/services. */
public final class TestTypes implements TypeProvider {
    /** An application type with a nested registered type and an enum. */
    public record Recipe(String name, List<Ingredient> ingredients, Difficulty difficulty) {
    }

    public record Ingredient(String name, double grams) {
    }

    public enum Difficulty { EASY, HARD }

    @Override
    public List<Class<?>> types() {
        return List.of(Recipe.class, Ingredient.class, Difficulty.class);
    }
}
