package dev.proximity.samples.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks every production class of every module against the module rules.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(location -> !ArchitectureRules.TEST_LOCATION.test(location.toString()))
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proximity");
    }

    @Test
    void importsEveryModule() {
        assertThat(production.containPackage("dev.proximity.api")).isTrue();
        assertThat(production.containPackage("dev.proximity.core")).isTrue();
        assertThat(production.containPackage("dev.proximity.samples.cli")).isTrue();
        assertThat(production.containPackage("dev.proximity.store.json")).isTrue();
        assertThat(production.containPackage("dev.proximity.store.jpa")).isTrue();
        assertThat(production.containPackage("dev.proximity.proxmox")).isTrue();
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        ArchitectureRules.API_DEPENDS_ON_THE_JDK_ONLY.check(production);
    }

    @Test
    void apiValuesAreRecords() {
        ArchitectureRules.API_VALUES_ARE_RECORDS.check(production);
    }

    @Test
    void coreUsesNoAdapterTechnology() {
        ArchitectureRules.CORE_USES_NO_ADAPTER_TECHNOLOGY.check(production);
        ArchitectureRules.CORE_IMPORTS_NO_PERSISTENCE_OR_HTTP.check(production);
    }

    @Test
    void adaptersAreIndependent() {
        ArchitectureRules.ADAPTERS_ARE_INDEPENDENT.check(production);
    }
}
