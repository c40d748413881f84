package dev.proximity.store.jpa;

import dev.proximity.api.store.StoreUrl;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The session settings PostgreSQL transactions run with. */
class PostgresTransactionsTest {

    private PostgresTransactions transactions;

    @BeforeEach
    void open() {
        transactions = new PostgresTransactions(JdbcTarget.of(StoreUrl.parse(
                EmbeddedPostgresFixture.freshDatabase("transactions").storeUrl())));
    }

    @AfterEach
    void close() {
        transactions.close();
    }

    @Test
    void readsAreReadOnlySnapshotsAndWritesAreNot() {
        String readOnlyInRead = transactions.read(connection -> show(connection, "transaction_read_only"));
        String isolationInRead = transactions.read(connection -> show(connection, "transaction_isolation"));
        String readOnlyInWrite = transactions.write(connection -> show(connection, "transaction_read_only"));
        String isolationInWrite = transactions.write(connection -> show(connection, "transaction_isolation"));

        assertThat(readOnlyInRead).isEqualTo("on");
        assertThat(isolationInRead).isEqualTo("repeatable read");
        assertThat(readOnlyInWrite).isEqualTo("off");
        assertThat(isolationInWrite).isEqualTo("read committed");
    }

    @Test
    void everyStatementIsPlannedWithItsParameters() {
        String planCacheMode = transactions.write(connection -> show(connection, "plan_cache_mode"));

        assertThat(planCacheMode).isEqualTo("force_custom_plan");
    }

    private static String show(Connection connection, String setting) {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
