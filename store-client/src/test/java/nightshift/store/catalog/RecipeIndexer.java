package nightshift.store.catalog;

import java.util.Map;
import java.util.stream.Collectors;
import nightshift.store.testing.TestTypes.Recipe;

/** An application's indexer for a type that does not implement Indexable, registered through ServiceLoader. */
public final class RecipeIndexer implements Indexer<Recipe> {
    @Override
    public Class<Recipe> type() {
        return Recipe.class;
    }

    @Override
    public IndexEntry entry(Recipe r) {
        String ingredients = r.ingredients().stream().map(i -> i.name()).collect(Collectors.joining(" "));
        return new IndexEntry(r.name(), "", ingredients, java.util.List.of(), null, null,
                Map.of("difficulty", r.difficulty().name()));
    }
}
