package dev.proximity.store.jpa;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class SqliteBulkCopyIndexesTest extends BulkCopyIndexesContract {

    @TempDir
    Path directory;

    @Override
    String url() {
        return "jdbc:sqlite:" + directory.resolve("proximity.db");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Override
    String appIndexesQuery() {
        return "SELECT name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app' ORDER BY name";
    }
}
