package nightshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nightshift.store.testing.StoreExtension;
import nightshift.store.testing.TestTypes.Difficulty;
import nightshift.store.testing.TestTypes.Ingredient;
import nightshift.store.testing.TestTypes.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StoreExtension.class)
class TypeProviderTest {
    @Test
    void application_types_found_through_service_loader_round_trip(Store store) {
        assertTrue(store.types().idOf(Recipe.class) >= 1000);
        assertEquals(Recipe.class.getName(), store.types().nameOf(store.types().idOf(Recipe.class)).orElseThrow());
        Recipe recipe = new Recipe("bread", List.of(new Ingredient("flour", 500), new Ingredient("water", 350.5)), Difficulty.HARD);
        try (Session s = store.openSession("cook")) {
            s.create(s.root(), "bread", recipe);
            s.commit(TxInfo.of("cook"));
        }
        try (Session s = store.openSession()) {
            Node node = s.get("/bread");
            assertEquals(Recipe.class.getName(), node.typeName());
            assertEquals(recipe, node.object(Recipe.class));
        }
    }
}
