package nightshift.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seams between the modules, checked on every class the command is built from: a module's {@code internal}
 * packages are its own. Each module owns the packages under its root package. (The benchmark harness, built only
 * with {@code -Pbench}, is not on this class path.)
 */
@AnalyzeClasses(packages = "nightshift")
class ModuleSeamsTest {
    /** Module name and root package. */
    private static final Map<String, String> MODULES = Map.of(
            "store-client", "nightshift.store",
            "security-context", "nightshift.security",
            "jobs", "nightshift.jobs",
            "cron", "nightshift.cron",
            "cli", "nightshift.cli",
            "examples", "nightshift.examples");

    @ArchTest
    static final ArchRule no_module_uses_the_internal_packages_of_another = CompositeArchRule.of(internalRules());

    private static List<ArchRule> internalRules() {
        List<ArchRule> rules = new ArrayList<>();
        MODULES.forEach((module, root) -> rules.add(noClasses().that().resideOutsideOfPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + "..internal..")
                .as("no class outside " + module + " uses its internal packages (" + root + "..internal..)")));
        return rules;
    }
}
