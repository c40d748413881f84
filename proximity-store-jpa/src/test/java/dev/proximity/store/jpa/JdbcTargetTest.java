package dev.proximity.store.jpa;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.StoreUrl;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Store URLs split into a JDBC URL, credentials kept apart, and a descriptor without secrets. */
class JdbcTargetTest {

    @Test
    void postgresqlCredentialsLeaveTheUrlAndTheDescriptor() {
        JdbcTarget target = JdbcTarget.of(StoreUrl.parse(
                "jdbc:postgresql://db.example:5432/proximity?user=prox&password=s%26cr%3Dt&sslmode=require&sslpassword=k3y"));

        assertThat(target.database()).isEqualTo(Database.POSTGRESQL);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/proximity?sslmode=require");
        assertThat(target.credentials()).isEqualTo(Map.of("user", "prox", "password", "s&cr=t", "sslpassword", "k3y"));
        assertThat(target.descriptor().kind()).isEqualTo("postgresql");
        assertThat(target.descriptor().location()).isEqualTo("//db.example:5432/proximity");
        assertThat(target.toString()).doesNotContain("cr").doesNotContain("k3y");
        assertThat(target.descriptor().toString()).doesNotContain("password");
    }

    @Test
    void sqliteLocationIsTheAbsoluteFilePath() {
        JdbcTarget target = JdbcTarget.of(StoreUrl.parse("jdbc:sqlite:data/proximity.db"));

        assertThat(target.database()).isEqualTo(Database.SQLITE);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:sqlite:data/proximity.db");
        assertThat(target.descriptor().location()).isEqualTo(Path.of("data/proximity.db").toAbsolutePath().toString());
        assertThat(target.credentials()).isEmpty();
    }

    @Test
    void inMemorySqliteIsRefusedBecauseConnectionsWouldNotShareIt() {
        assertThatThrownBy(() -> JdbcTarget.of(StoreUrl.parse("jdbc:sqlite::memory:")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("in-memory")
                .hasMessageContaining("jdbc:sqlite:PATH");
    }

    @Test
    void jsonUrlIsRefusedNamingTheExpectedSchemes() {
        assertThatThrownBy(() -> JpaStore.open("json:/data/apps.json"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("jdbc:sqlite:PATH/proximity.db or jdbc:postgresql://");
    }

    @Test
    void postgresqlUrlWithoutDatabaseIsRefused() {
        assertThatThrownBy(() -> JdbcTarget.of(StoreUrl.parse("jdbc:postgresql://db.example:5432?user=x")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("host and a database");
    }
}
