package nightshift.security;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import nightshift.store.Store;
import nightshift.store.testing.StoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SecureSession against a model of the documented rules ({@link AccessModel}): random principals, trees and node
 * rules, random operations in random sessions, every answer (allowed, or refused for which permission on which
 * node) compared with the model's. A run picks a seed and prints it; {@code -Dnightshift.model.seed=N} runs that
 * seed again, {@code -Dnightshift.model.cases=N} runs more or fewer cases.
 */
@ExtendWith(StoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionModelTest {
    private static final String SEED = "nightshift.model.seed";
    private static final String CASES = "nightshift.model.cases";

    private final Store store;

    PermissionModelTest(Store store) {
        this.store = store;
    }

    @Test
    void secure_sessions_answer_as_the_documented_rules_do() {
        long seed = Long.getLong(SEED, ThreadLocalRandom.current().nextLong());
        int cases = Integer.getInteger(CASES, 150);
        System.out.println("permission model: seed " + seed + ", " + cases + " cases (run again with -D" + SEED + "=" + seed + ")");
        Map<Role, Set<Permission>> defaults = AccessModel.defaultsFromReadme(Path.of("..", "README.md"));
        Random seeds = new Random(seed);
        Tally tally = new Tally();
        for (int i = 0; i < cases; i++) {
            ModelTrial trial = new ModelTrial(store, new Random(seeds.nextLong()), defaults, tally);
            try {
                trial.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " of seed " + seed + " (run again with -D" + SEED + "=" + seed + "): "
                        + e.getMessage() + "\n" + trial.describe(), e);
            }
        }
        System.out.println(tally);
        tally.assertCovered();
    }
}
