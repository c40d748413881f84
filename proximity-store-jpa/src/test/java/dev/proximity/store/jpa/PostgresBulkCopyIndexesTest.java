package dev.proximity.store.jpa;

import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture.FreshDatabase;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;

class PostgresBulkCopyIndexesTest extends BulkCopyIndexesContract {

    private FreshDatabase database;

    @BeforeEach
    void createDatabase() {
        database = EmbeddedPostgresFixture.freshDatabase("bulk_copy");
    }

    @Override
    String url() {
        return database.storeUrl();
    }

    @Override
    Connection connect() throws SQLException {
        return database.connect();
    }

    @Override
    String appIndexesQuery() {
        return "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'app'"
                + " ORDER BY indexname";
    }
}
