package dev.proximity.samples.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.proximity.api.violation.ApiClassUsingSlf4j;
import dev.proximity.api.violation.MutableApiValue;
import dev.proximity.core.violation.CoreClassUsingJackson;
import dev.proximity.core.violation.CoreClassUsingJdbc;
import dev.proximity.store.json.violation.JsonStoreReachingIntoCore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves each architecture rule bites: it is fed a deliberately violating class (test scope only)
 * and must report it, while a clean class passes.
 */
class ArchitectureRulesBiteTest {

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported);
    }

    private static void assertViolation(ArchRule rule, Class<?> offender, String expectedInReport) {
        EvaluationResult result = evaluate(rule, offender);
        assertThat(result.hasViolation()).as("%s must be caught by %s", offender.getSimpleName(), rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(offender.getName()).contains(expectedInReport);
    }

    @Test
    void apiRuleCatchesAThirdPartyImport() {
        assertViolation(ArchitectureRules.API_DEPENDS_ON_THE_JDK_ONLY, ApiClassUsingSlf4j.class, "org.slf4j.Logger");
    }

    @Test
    void recordRuleCatchesAConstructibleNonRecordValue() {
        assertViolation(ArchitectureRules.API_VALUES_ARE_RECORDS, MutableApiValue.class, "not a record");
    }

    @Test
    void recordRulePassesARealApiRecord() {
        assertThat(evaluate(ArchitectureRules.API_VALUES_ARE_RECORDS, dev.proximity.api.port.PortRange.class).hasViolation()).isFalse();
    }

    @Test
    void coreRulesCatchJacksonAndJdbc() {
        assertViolation(ArchitectureRules.CORE_USES_NO_ADAPTER_TECHNOLOGY, CoreClassUsingJackson.class, "com.fasterxml.jackson");
        assertViolation(ArchitectureRules.CORE_IMPORTS_NO_PERSISTENCE_OR_HTTP, CoreClassUsingJackson.class, "com.fasterxml.jackson");
        assertViolation(ArchitectureRules.CORE_USES_NO_ADAPTER_TECHNOLOGY, CoreClassUsingJdbc.class, "java.sql.Connection");
        assertViolation(ArchitectureRules.CORE_IMPORTS_NO_PERSISTENCE_OR_HTTP, CoreClassUsingJdbc.class, "java.sql.Connection");
    }

    @Test
    void adapterRuleCatchesAnAdapterReachingIntoCore() {
        assertViolation(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, JsonStoreReachingIntoCore.class, "dev.proximity.core.Proximity");
    }
}
