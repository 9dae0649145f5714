package nightshift.cli.readme;

import java.util.List;

// tag::type-provider[]
public final class MyTypes implements nightshift.store.spi.TypeProvider {
    public List<Class<?>> types() { return List.of(Recipe.class, Ingredient.class, Unit.class); }
}
// and list it in META-INF/services/nightshift.store.spi.TypeProvider
// end::type-provider[]

record Recipe(String title, List<Ingredient> ingredients) {
}

record Ingredient(String name, double amount, Unit unit) {
}

enum Unit { GRAM, LITRE, PIECE }
