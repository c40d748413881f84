package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostnamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "nginx-01", "a1-b2-c3", "0ab"})
    void acceptsValidNames(String name) {
        assertThat(Hostnames.normalize(name)).isEqualTo(name);
    }

    @Test
    void lowerCases() {
        assertThat(Hostnames.normalize("WordPress-Prod")).isEqualTo("wordpress-prod");
    }

    @Test
    void acceptsExactly63Characters() {
        assertThat(Hostnames.normalize("a".repeat(63))).hasSize(63);
        assertThatThrownBy(() -> Hostnames.normalize("a".repeat(64))).hasMessageContaining("3 to 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "a b", "ab.c", "ab/c", "äbc", "ab_c", ""})
    void rejectsInvalidNamesForNewDeploys(String name) {
        assertThatThrownBy(() -> Hostnames.normalize(name))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.fieldErrors()).singleElement().extracting(f -> f.field()).isEqualTo("hostname"));
    }

    @Test
    void legacyUnderscoreIsReadButNotAcceptedForNewDeploys() {
        assertThat(Hostnames.normalizeStored("My_App")).isEqualTo("my_app");
        assertThatThrownBy(() -> Hostnames.normalize("my_app")).hasMessageContaining("letters, digits and '-'");
    }

    @Test
    void nullIsRequired() {
        assertThatThrownBy(() -> Hostnames.normalize(null)).hasMessageContaining("hostname is required");
    }
}
