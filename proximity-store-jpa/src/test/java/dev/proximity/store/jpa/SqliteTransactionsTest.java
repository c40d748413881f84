package dev.proximity.store.jpa;

import dev.proximity.api.store.StoreUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite write transactions take the file's write lock when they begin and release it when they
 * end, so another process's writer waits for the whole transaction and an idle store holds nothing.
 */
class SqliteTransactionsTest {

    @TempDir
    Path directory;

    private String url;
    private SqliteTransactions transactions;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + directory.resolve("tx.db");
        transactions = new SqliteTransactions(JdbcTarget.of(StoreUrl.parse(url)));
        transactions.write(connection -> execute(connection, "CREATE TABLE t (n INTEGER)"));
    }

    @AfterEach
    void close() {
        transactions.close();
    }

    @Test
    void writeTransactionHoldsTheWriteLockFromItsFirstMoment() {
        transactions.write(connection -> {
            // nothing written yet, and still another connection cannot start writing
            assertThatThrownBy(this::beginImmediateElsewhere).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_BUSY");
            return null;
        });
    }

    @Test
    void idleStoreHoldsNoLockAfterCommitOrRollback() throws Exception {
        transactions.write(connection -> execute(connection, "INSERT INTO t VALUES (1)"));
        beginImmediateElsewhere();

        assertThatThrownBy(() -> transactions.write(connection -> {
            execute(connection, "INSERT INTO t VALUES (2)");
            throw new IllegalStateException("abandon");
        })).hasMessage("abandon");
        beginImmediateElsewhere();
        long rows = transactions.read(SqliteTransactionsTest::count);
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void readConnectionsRefuseWrites() {
        assertThatThrownBy(() -> transactions.read(connection -> execute(connection, "INSERT INTO t VALUES (1)")))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause().hasMessageContaining("readonly");
    }

    private void beginImmediateElsewhere() throws SQLException {
        try (Connection other = DriverManager.getConnection(url); Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("ROLLBACK");
        }
    }

    private static Void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM t")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
