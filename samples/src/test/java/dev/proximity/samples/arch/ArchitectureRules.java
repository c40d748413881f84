package dev.proximity.samples.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module rules of DESIGN.md as ArchUnit rules. {@link ArchitectureTest} checks the production
 * classes against them; {@link ArchitectureRulesBiteTest} proves each rule catches a violation.
 */
final class ArchitectureRules {

    static final String API = "dev.proximity.api..";
    static final String CORE = "dev.proximity.core..";
    static final String JSON_STORE = "dev.proximity.store.json..";
    static final String JPA_STORE = "dev.proximity.store.jpa..";
    static final String PROXMOX = "dev.proximity.proxmox..";
    static final String SAMPLES = "dev.proximity.samples..";
    static final List<String> ADAPTERS = List.of(JSON_STORE, JPA_STORE, PROXMOX);

    private ArchitectureRules() {
    }

    /** The API speaks the JDK only. */
    static final ArchRule API_DEPENDS_ON_THE_JDK_ONLY = classes().that().resideInAPackage(API)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API)
            .because("proximity-api must be usable with nothing but the JDK (DESIGN.md)");

    /** Every value anyone can construct in the API is a record. */
    static final ArchRule API_VALUES_ARE_RECORDS = classes().that().resideInAPackage(API)
            .and().areNotInterfaces().and().areNotEnums().and().areNotAnnotations()
            .and().areNotAssignableTo(Throwable.class)
            .and().doNotHaveSimpleName("package-info")
            .should(beRecordsOrHaveNoPublicConstructor())
            .because("API values are records (DESIGN.md); other API classes are helpers or builders reached through factories");

    /** The core talks to technology only through ports. */
    static final ArchRule CORE_USES_NO_ADAPTER_TECHNOLOGY = classes().that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", API, CORE, "org.slf4j..")
                    .and(not(resideInAnyPackage("java.sql.."))))
            .because("proximity-core knows no JPA, Hibernate, Jackson, OkHttp or JDBC type; it speaks through ports");

    /** Core must not name the technologies explicitly listed in DESIGN.md (kept separate for a precise message). */
    static final ArchRule CORE_IMPORTS_NO_PERSISTENCE_OR_HTTP = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "javax.persistence..",
                    "org.hibernate..", "com.fasterxml.jackson..", "okhttp3..", "java.sql..", "javax.sql..")
            .because("DESIGN.md: core imports no JPA/Hibernate/Jackson/OkHttp/JDBC");

    /** Adapters implement API ports; they never reach into each other or into core. */
    static final ArchRule ADAPTERS_ARE_INDEPENDENT = adaptersAreIndependent();

    private static ArchRule adaptersAreIndependent() {
        List<ArchRule> rules = ADAPTERS.stream().map(adapter -> (ArchRule) noClasses()
                .that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(Stream.concat(
                        ADAPTERS.stream().filter(other -> !other.equals(adapter)), Stream.of(CORE, SAMPLES)).toArray(String[]::new))
                .because("adapters only implement api ports (DESIGN.md)")
                .allowEmptyShould(true)).toList();
        return CompositeArchRule.of(rules);
    }

    private static ArchCondition<JavaClass> beRecordsOrHaveNoPublicConstructor() {
        return new ArchCondition<>("be records or have no public constructor") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean record = javaClass.isRecord();
                boolean constructible = javaClass.getConstructors().stream()
                        .anyMatch(c -> c.getModifiers().contains(JavaModifier.PUBLIC));
                boolean ok = record || !constructible;
                events.add(new SimpleConditionEvent(javaClass, ok, javaClass.getName()
                        + (ok ? " is a record or has no public constructor" : " is a publicly constructible class that is not a record")));
            }
        };
    }

    /** Excludes test classes and test-jars (e.g. the store contract suite) from production checks. */
    static final DescribedPredicate<String> TEST_LOCATION = DescribedPredicate.describe("test location",
            location -> location.contains("/test-classes/") || location.contains("-tests.jar"));
}
