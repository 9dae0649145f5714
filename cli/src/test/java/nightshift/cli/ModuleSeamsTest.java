package nightshift.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nightshift.store.ExitStatus;

/**
 * The seams between the modules, checked on every class the command is built from: a module's {@code internal}
 * packages are its own, the API packages a job author uses show no JDBC type (what hooks into a connection is in an
 * {@code spi} package), and every exception a caller may catch is in an API package and knows the exit status it
 * stands for. Each module owns the packages under its root package. (The benchmark harness, built only
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
    private static final String[] API_PACKAGES = {"nightshift.store", "nightshift.store.catalog",
        "nightshift.store.content", "nightshift.security", "nightshift.jobs", "nightshift.cron"};

    @ArchTest
    static final ArchRule no_module_uses_the_internal_packages_of_another = CompositeArchRule.of(internalRules());

    @ArchTest
    static final ArchRule the_api_packages_show_no_jdbc_type = codeUnits().that().arePublic()
            .and().areDeclaredInClassesThat().arePublic()
            .and().areDeclaredInClassesThat().resideInAnyPackage(API_PACKAGES)
            .should(new ArchCondition<JavaCodeUnit>("name no java.sql type in their signature") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                    types.add(unit.getRawReturnType());
                    types.addAll(unit.getExceptionTypes());
                    for (JavaClass type : types) {
                        if (type.getPackageName().equals("java.sql")) {
                            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " names "
                                    + type.getName() + "; wrap it in the module's exception, or move the method to"
                                    + " the module's spi package"));
                        }
                    }
                }
            });

    @ArchTest
    static final ArchRule every_public_exception_carries_its_exit_status = classes()
            .that().areAssignableTo(Throwable.class).and().arePublic().and().resideInAPackage("nightshift..")
            .should().beAssignableTo(ExitStatus.class)
            .as("every public exception of nightshift knows its exit status (nightshift.store.ExitStatus)");

    @ArchTest
    static final ArchRule no_public_exception_lives_in_an_internal_package = classes()
            .that().areAssignableTo(Throwable.class).and().arePublic().and().resideInAPackage("nightshift..")
            .should().resideOutsideOfPackage("..internal..")
            .as("an exception a caller may catch is in an API package");

    private static List<ArchRule> internalRules() {
        List<ArchRule> rules = new ArrayList<>();
        MODULES.forEach((module, root) -> rules.add(noClasses().that().resideOutsideOfPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + "..internal..")
                .as("no class outside " + module + " uses its internal packages (" + root + "..internal..)")));
        return rules;
    }
}
